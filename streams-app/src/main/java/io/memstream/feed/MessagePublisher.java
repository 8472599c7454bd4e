package io.memstream.feed;

import io.memstream.config.MemstreamConfig;
import io.memstream.errors.DeadLetters;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/**
 * Publishes JSON lines of chat messages, keyed by session_id. A bad line is reported with its number, published
 * as it is to the dead-letter topic with the reason in its headers, and skipped; it never stops the run. With {@code endSessions}, every session seen is closed afterwards
 * with a SESSION_END record, so that its last partial batch is emitted without waiting for the idle timeout.
 */
public final class MessagePublisher implements AutoCloseable {

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

    private final Producer<String, ChatMessage> producer;
    private final Producer<byte[], byte[]> deadLetters;
    private final String topic;
    private final String deadLetterTopic;

    MessagePublisher(Producer<String, ChatMessage> producer, Producer<byte[], byte[]> deadLetters,
                     String topic, String deadLetterTopic) {
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** A publisher to the messages topic of {@code config}, bad lines to its dead-letter topic. */
    public static MessagePublisher create(MemstreamConfig config) {
        return new MessagePublisher(ChatProducers.create(config), ChatProducers.createRaw(config),
                config.messagesTopic(), config.deadLetterTopic(config.messagesTopic()));
    }

    /** Publishes every line of {@code input}, named {@code source} in reports and dead-letter headers. */
    public Result publish(BufferedReader input, String source, boolean endSessions, Consumer<String> progress) {
        List<LineError> errors = new ArrayList<>();
        Map<String, ChatMessage> lastOfSession = new LinkedHashMap<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        int messages = 0;
        long lineNumber = 0;
        try {
            String line;
            while ((line = input.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                ChatMessage message;
                try {
                    message = ChatMessageJson.parse(line);
                } catch (IllegalArgumentException e) {
                    LineError error = new LineError(lineNumber, e.getMessage());
                    errors.add(error);
                    progress.accept("  skipped " + error + " (sent to " + deadLetterTopic + ")");
                    deadLetters.send(new ProducerRecord<byte[], byte[]>(deadLetterTopic, null, null,
                            line.getBytes(StandardCharsets.UTF_8), DeadLetters.forInputLine(source, lineNumber, e.getMessage())));
                    continue;
                }
                sent.add(producer.send(new ProducerRecord<>(topic, message.getSessionId(), message)));
                lastOfSession.put(message.getSessionId(), message);
                messages++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the input at line " + (lineNumber + 1), e);
        }
        int ends = 0;
        if (endSessions) {
            for (ChatMessage last : lastOfSession.values()) {
                if (last.getType() != MessageType.SESSION_END) {
                    sent.add(producer.send(new ProducerRecord<>(topic, last.getSessionId(), sessionEndAfter(last))));
                    ends++;
                }
            }
        }
        producer.flush();
        deadLetters.flush();
        return new Result(messages, ends, errors, lastOffsets(sent));
    }

    private static ChatMessage sessionEndAfter(ChatMessage last) {
        return ChatMessage.newBuilder(last)
                .setMessageId(last.getSessionId() + "#end")
                .setRole(Role.SYSTEM)
                .setContent("")
                .setType(MessageType.SESSION_END)
                .setMetadata(new HashMap<>())
                .build();
    }

    private static Map<TopicPartition, Long> lastOffsets(List<Future<RecordMetadata>> sent) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (Future<RecordMetadata> future : sent) {
            try {
                RecordMetadata m = future.get();
                last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
        return last;
    }

    @Override
    public void close() {
        producer.close();
        deadLetters.close();
    }
}
