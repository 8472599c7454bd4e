package io.memstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationBatchesTest {

    private static final Duration IDLE = Duration.ofMinutes(10);

    private static final Instant START = Instant.parse("2023-05-08T10:00:00Z");

    @Test
    void closesABatchAfterTwentyMessagesOfASession() {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            messages.add(message("s1", "m" + i, MessageType.MESSAGE, i));
        }

        List<MessageBatch> batches = EvaluationBatches.of(messages, 20, IDLE);

        assertThat(batches).extracting(MessageBatch::getBatchId).containsExactly("s1#0", "s1#1");
        assertThat(batches.get(0).getMessages()).hasSize(20);
        assertThat(batches.get(0).getClosedBy()).isEqualTo(ClosedBy.COUNT);
        assertThat(batches.get(1).getMessages()).extracting(ChatMessage::getMessageId)
                .containsExactly("m20", "m21", "m22", "m23", "m24");
        assertThat(batches.get(1).getClosedBy()).isEqualTo(ClosedBy.IDLE);
    }

    @Test
    void aSessionEndClosesTheOpenBatchEarlyAndIsNotPartOfIt() {
        List<MessageBatch> batches = EvaluationBatches.of(List.of(
                message("s1", "m1", MessageType.MESSAGE, 0),
                message("s1", "m2", MessageType.MESSAGE, 1),
                message("s1", "end", MessageType.SESSION_END, 2)), 20, IDLE);

        assertThat(batches).singleElement().satisfies(batch -> {
            assertThat(batch.getClosedBy()).isEqualTo(ClosedBy.SESSION_END);
            assertThat(batch.getMessages()).extracting(ChatMessage::getMessageId).containsExactly("m1", "m2");
            assertThat(batch.getOpenedAt()).isEqualTo(START);
            assertThat(batch.getClosedAt()).isEqualTo(START.plusSeconds(60));
        });
    }

    @Test
    void keepsEachSessionsMessagesTogetherInInputOrder() {
        List<MessageBatch> batches = EvaluationBatches.of(List.of(
                message("a", "a1", MessageType.MESSAGE, 0),
                message("b", "b1", MessageType.MESSAGE, 1),
                message("a", "a2", MessageType.MESSAGE, 2),
                message("a", "a-end", MessageType.SESSION_END, 3),
                message("b", "b2", MessageType.MESSAGE, 4)), 20, IDLE);

        assertThat(batches).extracting(MessageBatch::getBatchId).containsExactly("a#0", "b#0");
        assertThat(batches.get(0).getMessages()).extracting(ChatMessage::getMessageId).containsExactly("a1", "a2");
        assertThat(batches.get(1).getMessages()).extracting(ChatMessage::getMessageId).containsExactly("b1", "b2");
        assertThat(batches.get(1).getUserId()).isEqualTo("user-b");
    }

    @Test
    void aPauseOfTheIdleTimeoutClosesTheOpenBatchBeforeTheNextMessage() {
        List<MessageBatch> batches = EvaluationBatches.of(List.of(
                message("s1", "m1", MessageType.MESSAGE, 0),
                message("s1", "m2", MessageType.MESSAGE, 9),
                message("s1", "m3", MessageType.MESSAGE, 19)), 20, IDLE);

        assertThat(batches).extracting(MessageBatch::getClosedBy).containsExactly(ClosedBy.IDLE, ClosedBy.IDLE);
        assertThat(batches.get(0).getMessages()).extracting(ChatMessage::getMessageId).containsExactly("m1", "m2");
    }

    private static ChatMessage message(String session, String id, MessageType type, int minute) {
        return ChatMessage.newBuilder()
                .setMessageId(id)
                .setSessionId(session)
                .setUserId("user-" + session)
                .setAgentId("agent")
                .setRole(type == MessageType.SESSION_END ? Role.SYSTEM : Role.USER)
                .setContent(type == MessageType.SESSION_END ? "" : "message " + id)
                .setTimestamp(START.plusSeconds(60L * minute))
                .setTimezone("Europe/Paris")
                .setType(type)
                .setMetadata(new HashMap<>())
                .build();
    }
}
