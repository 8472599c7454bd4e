package io.memstream.feed;

import io.memstream.config.MemstreamConfig;
import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Publishes JSON lines of chat messages, keyed by session_id. No line stops the run: a line that is not UTF-8, longer
 * than one record can carry, not JSON, or not a valid ChatMessage is reported with its number and reason, published
 * as it is to the dead-letter topic with the reason in its headers, and skipped; so is a message the broker refuses.
 * With {@code endSessions}, every session seen is closed afterwards with a SESSION_END record, so that its last
 * partial batch is emitted without waiting for the idle timeout.
 */
public final class MessagePublisher implements AutoCloseable {

    /**
     * Longest line published: about what one Kafka record carries by default ({@code max.request.size} and the
     * brokers' {@code message.max.bytes}, 1 MiB); a longer line is dead-lettered without being read whole.
     */
    static final int MAX_LINE_BYTES = 1_000_000;
    /** How much of a line over {@link #MAX_LINE_BYTES} its dead letter keeps. */
    static final int TOO_LONG_LINE_KEPT_BYTES = 64 * 1024;

    /** A line that could not be published, and why. */
    public record LineError(long lineNumber, String reason) {
        @Override
        public String toString() {
            return "line " + lineNumber + ": " + reason;
        }
    }

    /** What was published: counts, rejected lines, and the last offset written to each partition. */
    public record Result(int messages, int sessionEnds, List<LineError> errors, Map<TopicPartition, Long> lastOffsets) {
    }

    /** A message handed to the producer, with the line it came from. */
    private record Sent(long lineNumber, Future<RecordMetadata> metadata) {
    }

    private final Producer<String, ChatMessage> producer;
    private final Producer<byte[], byte[]> deadLetters;
    private final String topic;
    private final String deadLetterTopic;
    private final DeadLetters deadLetterHeaders;

    MessagePublisher(Producer<String, ChatMessage> producer, Producer<byte[], byte[]> deadLetters,
                     String topic, String deadLetterTopic, MeterRegistry registry) {
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.deadLetterHeaders = new DeadLetters(registry);
    }

    /**
     * A publisher to the messages topic of {@code config}, bad lines to its dead-letter topic, counted nowhere: for a
     * process with no {@code /metrics} ({@code produce}, tests). A composite registry without members records nothing.
     */
    public static MessagePublisher create(MemstreamConfig config) {
        return create(config, new CompositeMeterRegistry());
    }

    /** The same, its dead letters counted on {@code registry}: the demo shows them in its app's {@code /metrics}. */
    public static MessagePublisher create(MemstreamConfig config, MeterRegistry registry) {
        return new MessagePublisher(ChatProducers.create(config), ChatProducers.createRaw(config),
                config.topics().messages(), config.topics().deadLetterOf(config.topics().messages()), registry);
    }

    /** Publishes every line of {@code input}, named {@code source} in reports and dead-letter headers. */
    public Result publish(InputStream input, String source, boolean endSessions, Consumer<String> progress) {
        List<LineError> errors = new ArrayList<>();
        Map<String, ChatMessage> firstOfSession = new LinkedHashMap<>();
        Map<String, ChatMessage> lastOfSession = new HashMap<>();
        List<Sent> sent = new ArrayList<>();
        InputLines lines = new InputLines(input, MAX_LINE_BYTES, TOO_LONG_LINE_KEPT_BYTES);
        long lineNumber = 0;
        try {
            for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
                lineNumber = line.number();
                if (line.isBlank()) {
                    continue;
                }
                ChatMessage message;
                try {
                    message = parse(line);
                } catch (IllegalArgumentException e) {
                    String reason = line.tooLong() ? InvalidRecordException.TOO_LARGE : InvalidRecordException.INVALID;
                    reject(source, line.number(), reason, e.getMessage(), line.bytes(), errors, progress);
                    continue;
                }
                sent.add(new Sent(line.number(), producer.send(new ProducerRecord<>(topic, message.getSessionId(), message))));
                firstOfSession.putIfAbsent(message.getSessionId(), message);
                lastOfSession.put(message.getSessionId(), message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + source + " after line " + lineNumber, e);
        }
        int ends = 0;
        if (endSessions) {
            for (ChatMessage first : firstOfSession.values()) {
                ChatMessage last = lastOfSession.get(first.getSessionId());
                if (last.getType() != MessageType.SESSION_END) {
                    sent.add(new Sent(0, producer.send(new ProducerRecord<>(topic, last.getSessionId(), sessionEnd(first, last)))));
                    ends++;
                }
            }
        }
        producer.flush();
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        int published = 0;
        for (Sent one : sent) {
            try {
                RecordMetadata m = await(one.metadata());
                lastOffsets.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
                published += one.lineNumber() > 0 ? 1 : 0;
            } catch (ExecutionException e) {
                if (one.lineNumber() == 0) {
                    throw new IllegalStateException("publishing a SESSION_END failed: " + e.getCause().getMessage(), e.getCause());
                }
                String reason = e.getCause() instanceof RecordTooLargeException
                        ? InvalidRecordException.TOO_LARGE : InvalidRecordException.INVALID;
                reject(source, one.lineNumber(), reason, "the broker did not take the message: " + e.getCause().getMessage(),
                        null, errors, progress);
            }
        }
        deadLetters.flush();
        errors.sort(Comparator.comparingLong(LineError::lineNumber));
        return new Result(published, ends, errors, lastOffsets);
    }

    private static ChatMessage parse(InputLines.Line line) {
        if (line.tooLong()) {
            throw new IllegalArgumentException("the line is " + line.length() + " bytes, over the limit of " + MAX_LINE_BYTES
                    + " bytes of one record; its dead letter holds its first " + line.bytes().length + " bytes");
        }
        return ChatMessageJson.parse(InputLines.text(line));
    }

    /** Reports line {@code lineNumber} and publishes its bytes (null when they are gone) to the dead-letter topic. */
    private void reject(String source, long lineNumber, String reason, String message, byte[] bytes,
                        List<LineError> errors, Consumer<String> progress) {
        LineError error = new LineError(lineNumber, message);
        errors.add(error);
        progress.accept("  skipped " + error + " (sent to " + deadLetterTopic + ")");
        deadLetters.send(new ProducerRecord<byte[], byte[]>(deadLetterTopic, null, null, bytes,
                deadLetterHeaders.forInputLine(source, lineNumber, reason, message)));
    }

    private static RecordMetadata await(Future<RecordMetadata> metadata) throws ExecutionException {
        try {
            return metadata.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    /**
     * The SESSION_END after the session's last message, from the session's user: the batcher takes a session's user from
     * its first message and rejects a record of any other, so a last line of another user must not decide it.
     */
    private static ChatMessage sessionEnd(ChatMessage first, ChatMessage last) {
        return ChatMessage.newBuilder(last)
                .setMessageId(last.getSessionId() + "#end")
                .setUserId(first.getUserId())
                .setAgentId(first.getAgentId())
                .setRole(Role.SYSTEM)
                .setContent("")
                .setType(MessageType.SESSION_END)
                .setMetadata(new HashMap<>())
                .build();
    }

    @Override
    public void close() {
        producer.close();
        deadLetters.close();
    }
}
