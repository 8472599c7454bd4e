package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's generated chat: a function of its counts, shaped like live traffic. */
class BenchConversationsTest {

    @Test
    void givesTheSameRecordsEveryTime() {
        assertThat(new BenchConversations(2_000, 100, 20).records())
                .isEqualTo(new BenchConversations(2_000, 100, 20).records());
    }

    @Test
    void spreadsTheMessagesEvenlyOverTheSessionsAndEndsEachSession() {
        List<ChatMessage> records = new BenchConversations(2_010, 100, 20).records();

        Map<String, List<ChatMessage>> bySession = records.stream().collect(Collectors.groupingBy(ChatMessage::getSessionId));
        assertThat(bySession).hasSize(100);
        assertThat(bySession.values()).allSatisfy(session -> {
            assertThat(session.stream().filter(m -> m.getType() == MessageType.MESSAGE).count()).isBetween(20L, 21L);
            assertThat(session.get(session.size() - 1).getType()).isEqualTo(MessageType.SESSION_END);
        });
        assertThat(records.stream().filter(m -> m.getType() == MessageType.MESSAGE)).hasSize(2_010);
    }

    @Test
    void comesInTimestampOrderWithSessionsOverlapping() {
        List<ChatMessage> records = new BenchConversations(2_000, 100, 20).records();

        assertThat(records).isSortedAccordingTo(Comparator.comparing(ChatMessage::getTimestamp));
        assertThat(records.subList(0, 40).stream().map(ChatMessage::getSessionId).distinct().count()).isGreaterThan(1);
    }

    @Test
    void givesEachUserTheirSessionsAndAlternatesUserAndAssistant() {
        List<ChatMessage> records = new BenchConversations(2_000, 100, 20).records();

        assertThat(records.stream().map(ChatMessage::getUserId).distinct()).hasSize(20);
        assertThat(records.stream().filter(m -> m.getSessionId().equals(BenchConversations.sessionId(7)))
                .filter(m -> m.getType() == MessageType.MESSAGE).map(ChatMessage::getRole).limit(4))
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
    }

    @Test
    void refusesMoreUsersThanSessions() {
        assertThatThrownBy(() -> new BenchConversations(100, 5, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
