package io.memstream.evaluation;

import io.memstream.batching.BatchIds;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts an evaluation part into the batches the pipeline's session batcher would close: per session, in input order,
 * {@code size} messages, a SESSION_END closing the open batch early, a pause of the idle timeout or longer between two
 * messages closing it before the later one; what is still open at the end of the input closes as the idle timeout
 * would close it. The batcher itself needs a state store and a processor context; the
 * rules are few enough to follow here without them. Opened and closed times are the first and last message's
 * timestamps rather than the wall clock, so that the batches are the same on every run.
 */
final class EvaluationBatches {

    private EvaluationBatches() {
    }

    static List<MessageBatch> of(List<ChatMessage> messages, int size, Duration idleTimeout) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + size);
        }
        Map<String, List<ChatMessage>> open = new LinkedHashMap<>();
        Map<String, Integer> nextSeq = new LinkedHashMap<>();
        List<MessageBatch> batches = new ArrayList<>();
        for (ChatMessage message : messages) {
            String session = message.getSessionId();
            List<ChatMessage> batch = open.computeIfAbsent(session, s -> new ArrayList<>());
            if (message.getType() == MessageType.SESSION_END) {
                if (!batch.isEmpty()) {
                    batches.add(close(open, nextSeq, session, ClosedBy.SESSION_END));
                }
                continue;
            }
            if (!batch.isEmpty() && !Duration.between(batch.get(batch.size() - 1).getTimestamp(), message.getTimestamp())
                    .minus(idleTimeout).isNegative()) {
                batches.add(close(open, nextSeq, session, ClosedBy.IDLE));
                batch = open.get(session);
            }
            batch.add(message);
            if (batch.size() >= size) {
                batches.add(close(open, nextSeq, session, ClosedBy.COUNT));
            }
        }
        for (String session : List.copyOf(open.keySet())) {
            if (!open.get(session).isEmpty()) {
                batches.add(close(open, nextSeq, session, ClosedBy.IDLE));
            }
        }
        return batches;
    }

    private static MessageBatch close(Map<String, List<ChatMessage>> open, Map<String, Integer> nextSeq,
                                      String session, ClosedBy closedBy) {
        List<ChatMessage> messages = open.put(session, new ArrayList<>());
        int seq = nextSeq.merge(session, 1, Integer::sum) - 1;
        ChatMessage first = messages.get(0);
        return MessageBatch.newBuilder()
                .setBatchId(BatchIds.of(session, seq))
                .setSessionId(session)
                .setUserId(first.getUserId())
                .setAgentId(first.getAgentId())
                .setSeq(seq)
                .setMessages(messages)
                .setClosedBy(closedBy)
                .setOpenedAt(first.getTimestamp())
                .setClosedAt(messages.get(messages.size() - 1).getTimestamp())
                .build();
    }
}
