package io.memstream.enrichment;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Batches for enrichment tests: user messages one minute apart from 2026-03-05 09:00 UTC, written in Paris. */
public final class TestBatches {

    public static final Instant START = Instant.parse("2026-03-05T09:00:00Z");

    private TestBatches() {
    }

    /** Batch {@code seq} of session {@code sessionId} (user "user-of-<session>") with these user messages. */
    public static MessageBatch of(String sessionId, int seq, String... userMessages) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < userMessages.length; i++) {
            messages.add(message(sessionId, seq + "-" + (i + 1), Role.USER, userMessages[i], START.plusSeconds(60L * i)));
        }
        return batch(sessionId, seq, messages);
    }

    public static ChatMessage message(String sessionId, String messageId, Role role, String content, Instant at) {
        return ChatMessage.newBuilder()
                .setMessageId(messageId)
                .setSessionId(sessionId)
                .setUserId("user-of-" + sessionId)
                .setAgentId("agent-1")
                .setRole(role)
                .setContent(content)
                .setTimestamp(at)
                .setTimezone("Europe/Paris")
                .setType(MessageType.MESSAGE)
                .setMetadata(new HashMap<>())
                .build();
    }

    public static MessageBatch batch(String sessionId, int seq, List<ChatMessage> messages) {
        return MessageBatch.newBuilder()
                .setBatchId(sessionId + "#" + seq)
                .setSessionId(sessionId)
                .setUserId("user-of-" + sessionId)
                .setAgentId("agent-1")
                .setSeq(seq)
                .setMessages(new ArrayList<>(messages))
                .setClosedBy(ClosedBy.COUNT)
                .setOpenedAt(START)
                .setClosedAt(START.plusSeconds(3600))
                .build();
    }
}
