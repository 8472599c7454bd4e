package io.memstream.batching;

import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.internal.SessionState;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Cuts each session's messages into batches of {@code batch.size}, in arrival order.
 *
 * <p>Processor API rather than the DSL: a batch closes on four triggers (count, size, SESSION_END, and an idle gap),
 * and retried messages must be dropped by id. The idle gap is read in both clocks: a message written more than
 * {@code batch.idle.timeout} after the open batch's last message closes that batch first (event time, so a backfill or
 * replay cuts where live ingestion cut), and a punctuation closes batches whose session has gone quiet on the wall
 * clock (live traffic, where no next message may ever come). A DSL session window closes on stream time only and cannot cut at a count, so the rules
 * would be bent around it; here each rule is one branch over two named, changelogged stores.
 *
 * <p>It reads the repartition by session: records keyed by session_id and placed by one
 * partitioner whatever the producer used, so every message of a session reaches the one task that holds its state,
 * and a session has one sequence of batch ids. {@link MessageValidator} decoded and validated each value on the way
 * in; decoding the same bytes again cannot fail on their content, so a failure here (the registry lost a schema)
 * stops the stream thread instead of dead-lettering part of a session.
 *
 * <p>Two rules keep every record this stage writes small enough for Kafka and every batch one user's: a batch closes
 * (SIZE) before a message would take it past {@code batch.max.bytes}, so that neither the batch nor the session state
 * that holds it grows past the brokers' record limit; and a session belongs to the user of its first message, so a
 * message of the same session with another user_id is dead-lettered ({@code USER_MISMATCH}) and the batch goes on.
 */
public final class SessionBatcher implements Processor<String, byte[], String, MessageBatch> {

    private static final char KEY_SEPARATOR = '\u0000';
    /** Due sessions handled per slice of the idle scan. */
    static final int SCAN_SLICE = 1_000;
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final Deserializer<ChatMessage> messages;
    private final int batchSize;
    private final int maxBatchBytes;
    private final Duration idleTimeout;
    private final Duration checkInterval;
    private final Duration sessionRetention;

    private ProcessorContext<String, MessageBatch> context;
    private KeyValueStore<String, SessionState> sessions;
    private KeyValueStore<String, Long> seenMessages;
    private final String sessionsStore;
    private final String seenMessagesStore;
    private final String batchesChild;
    private final String deadLetterChild;
    private final MeterRegistry registry;
    private final DeadLetters deadLetters;

    public SessionBatcher(Deserializer<ChatMessage> messages, int batchSize, int maxBatchBytes, Duration idleTimeout,
                          Duration checkInterval, Duration sessionRetention, String sessionsStore,
                          String seenMessagesStore, String batchesChild, String deadLetterChild,
                          MeterRegistry registry) {
        this.registry = registry;
        this.deadLetters = new DeadLetters(registry);
        this.sessionsStore = sessionsStore;
        this.seenMessagesStore = seenMessagesStore;
        this.batchesChild = batchesChild;
        this.deadLetterChild = deadLetterChild;
        this.messages = messages;
        this.batchSize = batchSize;
        this.maxBatchBytes = maxBatchBytes;
        this.idleTimeout = idleTimeout;
        this.checkInterval = checkInterval;
        this.sessionRetention = sessionRetention;
    }

    @Override
    public void init(ProcessorContext<String, MessageBatch> context) {
        this.context = context;
        this.sessions = context.getStateStore(sessionsStore);
        this.seenMessages = context.getStateStore(seenMessagesStore);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::closeIdleSessions);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ChatMessage message = messages.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""),
                record.value());
        SessionState state = sessions.get(message.getSessionId());
        if (state != null && !state.getUserId().equals(message.getUserId())) {
            deadLetter(record, new InvalidRecordException(InvalidRecordException.USER_MISMATCH, "user_id '"
                    + message.getUserId() + "' is not the user of session '" + message.getSessionId() + "' ('"
                    + state.getUserId() + "', from its first message): a session's memories belong to one user"));
            return;
        }
        accept(message, state, record.value().length, record.timestamp(), context.currentSystemTimeMs());
    }

    private void deadLetter(Record<String, byte[]> record, InvalidRecordException error) {
        Record<byte[], byte[]> raw = new Record<>(record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                record.timestamp(), record.headers());
        // The sink writes bytes whatever the generic types say.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Record<String, MessageBatch> untyped = (Record) deadLetters.of(raw, context, DeadLetters.Stage.VALIDATE, error);
        context.forward(untyped, deadLetterChild);
    }

    private void accept(ChatMessage message, SessionState state, int messageBytes, long recordTimestamp, long now) {
        String sessionId = message.getSessionId();
        String seenKey = sessionId + KEY_SEPARATOR + message.getMessageId();
        if (seenMessages.get(seenKey) != null) {
            registry.counter(MetricNames.MESSAGES_DUPLICATE).increment();
            return;
        }
        seenMessages.put(seenKey, now);

        if (state == null) {
            state = SessionState.newBuilder()
                    .setSessionId(sessionId)
                    .setUserId(message.getUserId())
                    .setAgentId(message.getAgentId())
                    .setNextSeq(0)
                    .setOpenMessages(new ArrayList<>())
                    .setLastActivityAt(now)
                    .build();
        }
        state.setLastActivityAt(now);
        if (message.getType() == MessageType.SESSION_END) {
            if (!state.getOpenMessages().isEmpty()) {
                close(state, ClosedBy.SESSION_END, recordTimestamp, now);
            }
        } else {
            if (isAfterIdleGap(state.getOpenMessages(), message)) {
                close(state, ClosedBy.IDLE, recordTimestamp, now);
            }
            if (!state.getOpenMessages().isEmpty() && state.getOpenBytes() + messageBytes > maxBatchBytes) {
                close(state, ClosedBy.SIZE, recordTimestamp, now);
            }
            if (state.getOpenMessages().isEmpty()) {
                state.setOpenedAt(now);
                state.setAgentId(message.getAgentId());
            }
            state.getOpenMessages().add(message);
            state.setOpenBytes(state.getOpenBytes() + messageBytes);
            registry.counter(MetricNames.MESSAGES_BATCHED).increment();
            if (state.getOpenMessages().size() >= batchSize) {
                close(state, ClosedBy.COUNT, recordTimestamp, now);
            }
        }
        sessions.put(sessionId, state);
    }

    /** Whether the chat paused for the idle timeout or longer between the open batch's last message and this one. */
    private boolean isAfterIdleGap(List<ChatMessage> open, ChatMessage next) {
        if (open.isEmpty() || next.getTimestamp() == null) {
            return false;
        }
        ChatMessage last = open.get(open.size() - 1);
        return last.getTimestamp() != null
                && Duration.between(last.getTimestamp(), next.getTimestamp()).compareTo(idleTimeout) >= 0;
    }

    /**
     * Emits the open batch and starts an empty one; the caller writes the state back. The batch record takes the
     * timestamp of the record that closed it (wall clock for an idle close), not the messages' event time: chat
     * replayed from months ago would otherwise be deleted by chat-batches' time retention as soon as it is written.
     */
    private void close(SessionState state, ClosedBy closedBy, long recordTimestamp, long now) {
        List<ChatMessage> batchMessages = new ArrayList<>(state.getOpenMessages());
        MessageBatch batch = MessageBatch.newBuilder()
                .setBatchId(BatchIds.of(state.getSessionId(), state.getNextSeq()))
                .setSessionId(state.getSessionId())
                .setUserId(state.getUserId())
                .setAgentId(state.getAgentId())
                .setSeq(state.getNextSeq())
                .setMessages(batchMessages)
                .setClosedBy(closedBy)
                .setOpenedAt(Instant.ofEpochMilli(state.getOpenedAt() == null ? now : state.getOpenedAt()))
                .setClosedAt(Instant.ofEpochMilli(now))
                .build();
        context.forward(new Record<>(state.getSessionId(), batch, recordTimestamp), batchesChild);
        registry.counter(MetricNames.BATCHES_CLOSED, MetricNames.TAG_CLOSED_BY, closedBy.name()).increment();
        state.setNextSeq(state.getNextSeq() + 1);
        state.setOpenMessages(new ArrayList<>());
        state.setOpenBytes(0L);
        state.setOpenedAt(null);
    }

    /**
     * Closes batches of sessions idle for batch.idle.timeout, and forgets sessions idle past the retention. The scan
     * goes through the store in slices of {@value #SCAN_SLICE} due sessions, so that the heap holds one slice however
     * many sessions are open (a million sessions going quiet at once is a morning's traffic); a slice's writes happen
     * after its iterator is closed.
     */
    private void closeIdleSessions(long now) {
        String from = null;
        boolean more = true;
        while (more) {
            List<SessionState> idle = new ArrayList<>();
            List<String> expired = new ArrayList<>();
            more = false;
            try (KeyValueIterator<String, SessionState> slice = sessions.range(from, null)) {
                while (slice.hasNext()) {
                    KeyValue<String, SessionState> entry = slice.next();
                    if (entry.key.equals(from)) {
                        continue;
                    }
                    long quietFor = now - entry.value.getLastActivityAt();
                    if (!entry.value.getOpenMessages().isEmpty()) {
                        if (quietFor >= idleTimeout.toMillis()) {
                            idle.add(entry.value);
                        }
                    } else if (quietFor >= sessionRetention.toMillis()) {
                        expired.add(entry.key);
                    }
                    if (idle.size() + expired.size() >= SCAN_SLICE) {
                        from = entry.key;
                        more = true;
                        break;
                    }
                }
            }
            for (SessionState state : idle) {
                close(state, ClosedBy.IDLE, now, now);
                sessions.put(state.getSessionId(), state);
            }
            expired.forEach(this::forget);
        }
    }

    private void forget(String sessionId) {
        sessions.delete(sessionId);
        List<String> seen = new ArrayList<>();
        try (KeyValueIterator<String, Long> ids = seenMessages.prefixScan(sessionId + KEY_SEPARATOR, PREFIX_SERIALIZER)) {
            ids.forEachRemaining(kv -> seen.add(kv.key));
        }
        seen.forEach(seenMessages::delete);
    }
}
