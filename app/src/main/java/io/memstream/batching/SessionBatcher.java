package io.memstream.batching;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Metrics;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.internal.SessionState;
import io.memstream.topology.TopologyNames;
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
 * <p>Processor API rather than the DSL: a batch closes on three triggers (count, SESSION_END, and an idle gap),
 * and retried messages must be dropped by id. The idle gap is read in both clocks: a message written more than
 * {@code batch.idle.timeout} after the open batch's last message closes that batch first (event time, so a backfill or
 * replay cuts where live ingestion cut), and a punctuation closes batches whose session has gone quiet on the wall
 * clock (live traffic, where no next message may ever come). A DSL session window closes on stream time only and cannot cut at a count, so the rules
 * would be bent around it; here each rule is one branch over two named, changelogged stores.
 *
 * <p>It reads the {@link TopologyNames#MESSAGES_BY_SESSION} repartition: records keyed by session_id and placed by one
 * partitioner whatever the producer used, so every message of a session reaches the one task that holds its state,
 * and a session has one sequence of batch ids. {@link MessageValidator} decoded and validated each value on the way
 * in; decoding the same bytes again cannot fail on their content, so a failure here (the registry lost a schema)
 * stops the stream thread instead of dead-lettering part of a session.
 */
public final class SessionBatcher implements Processor<String, byte[], String, MessageBatch> {

    private static final char KEY_SEPARATOR = '\u0000';
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final Deserializer<ChatMessage> messages;
    private final int batchSize;
    private final Duration idleTimeout;
    private final Duration checkInterval;
    private final Duration sessionRetention;

    private ProcessorContext<String, MessageBatch> context;
    private KeyValueStore<String, SessionState> sessions;
    private KeyValueStore<String, Long> seenMessages;

    public SessionBatcher(Deserializer<ChatMessage> messages, int batchSize, Duration idleTimeout,
                          Duration checkInterval, Duration sessionRetention) {
        this.messages = messages;
        this.batchSize = batchSize;
        this.idleTimeout = idleTimeout;
        this.checkInterval = checkInterval;
        this.sessionRetention = sessionRetention;
    }

    @Override
    public void init(ProcessorContext<String, MessageBatch> context) {
        this.context = context;
        this.sessions = context.getStateStore(TopologyNames.SESSIONS_STORE);
        this.seenMessages = context.getStateStore(TopologyNames.SEEN_MESSAGES_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::closeIdleSessions);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ChatMessage message = messages.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""),
                record.value());
        accept(message, record.timestamp(), context.currentSystemTimeMs());
    }

    private void accept(ChatMessage message, long recordTimestamp, long now) {
        String sessionId = message.getSessionId();
        String seenKey = sessionId + KEY_SEPARATOR + message.getMessageId();
        if (seenMessages.get(seenKey) != null) {
            Metrics.counter(MetricNames.MESSAGES_DUPLICATE).increment();
            return;
        }
        seenMessages.put(seenKey, now);

        SessionState state = sessions.get(sessionId);
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
            if (state.getOpenMessages().isEmpty()) {
                state.setOpenedAt(now);
                state.setUserId(message.getUserId());
                state.setAgentId(message.getAgentId());
            }
            state.getOpenMessages().add(message);
            Metrics.counter(MetricNames.MESSAGES_BATCHED).increment();
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
        context.forward(new Record<>(state.getSessionId(), batch, recordTimestamp), TopologyNames.BATCHES_SINK);
        Metrics.counter(MetricNames.BATCHES_CLOSED, MetricNames.TAG_CLOSED_BY, closedBy.name()).increment();
        state.setNextSeq(state.getNextSeq() + 1);
        state.setOpenMessages(new ArrayList<>());
        state.setOpenedAt(null);
    }

    /** Closes batches of sessions idle for batch.idle.timeout, and forgets sessions idle past the retention. */
    private void closeIdleSessions(long now) {
        List<SessionState> idle = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SessionState> all = sessions.all()) {
            while (all.hasNext()) {
                KeyValue<String, SessionState> entry = all.next();
                long quietFor = now - entry.value.getLastActivityAt();
                if (!entry.value.getOpenMessages().isEmpty()) {
                    if (quietFor >= idleTimeout.toMillis()) {
                        idle.add(entry.value);
                    }
                } else if (quietFor >= sessionRetention.toMillis()) {
                    expired.add(entry.key);
                }
            }
        }
        for (SessionState state : idle) {
            close(state, ClosedBy.IDLE, now, now);
            sessions.put(state.getSessionId(), state);
        }
        expired.forEach(this::forget);
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
