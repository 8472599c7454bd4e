package io.memstream.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatMessageJsonTest {

    private static final String FULL = "{\"message_id\":\"m1\",\"session_id\":\"s1\",\"user_id\":\"alice\",\"agent_id\":\"a1\","
            + "\"role\":\"user\",\"content\":\"I live in Paris\",\"timestamp\":\"2026-03-05T09:00:00+01:00\","
            + "\"timezone\":\"Europe/Paris\",\"metadata\":{\"channel\":\"web\"}}";

    @Test
    void readsEveryContractFieldFromSnakeCaseJson() {
        ChatMessage m = ChatMessageJson.parse(FULL);
        assertThat(m.getMessageId()).isEqualTo("m1");
        assertThat(m.getSessionId()).isEqualTo("s1");
        assertThat(m.getUserId()).isEqualTo("alice");
        assertThat(m.getAgentId()).isEqualTo("a1");
        assertThat(m.getRole()).isEqualTo(Role.USER);
        assertThat(m.getContent()).isEqualTo("I live in Paris");
        assertThat(m.getTimestamp()).isEqualTo(Instant.parse("2026-03-05T08:00:00Z"));
        assertThat(m.getTimezone()).isEqualTo("Europe/Paris");
        assertThat(m.getType()).isEqualTo(MessageType.MESSAGE);
        assertThat(m.getMetadata()).containsEntry("channel", "web");
    }

    @Test
    void readsALocalTimestampInTheMessagesTimezone() {
        ChatMessage m = ChatMessageJson.parse("{\"message_id\":\"m1\",\"session_id\":\"s1\",\"user_id\":\"u\",\"role\":\"ASSISTANT\","
                + "\"content\":\"hi\",\"timestamp\":\"2026-07-01T12:00:00\",\"timezone\":\"America/New_York\"}");
        assertThat(m.getTimestamp()).isEqualTo(Instant.parse("2026-07-01T16:00:00Z"));
        assertThat(m.getRole()).isEqualTo(Role.ASSISTANT);
    }

    @Test
    void sessionEndNeedsNeitherRoleNorContent() {
        ChatMessage m = ChatMessageJson.parse("{\"message_id\":\"e\",\"session_id\":\"s1\",\"user_id\":\"u\",\"type\":\"session_end\","
                + "\"timestamp\":\"2026-07-01T12:00:00Z\"}");
        assertThat(m.getType()).isEqualTo(MessageType.SESSION_END);
        assertThat(m.getContent()).isEmpty();
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> ChatMessageJson.parse(FULL.replace("\"user_id\":\"alice\",", "")))
                .hasMessage("missing field 'user_id'");
        assertThatThrownBy(() -> ChatMessageJson.parse(FULL.replace("\"user\"", "\"robot\"")))
                .hasMessageContaining("field 'role' is 'robot'").hasMessageContaining("assistant");
        assertThatThrownBy(() -> ChatMessageJson.parse(FULL.replace("2026-03-05T09:00:00+01:00", "yesterday")))
                .hasMessageContaining("field 'timestamp'").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ChatMessageJson.parse(FULL.replace("Europe/Paris", "Mars/Olympus")))
                .hasMessageContaining("IANA zone");
        assertThatThrownBy(() -> ChatMessageJson.parse(FULL.replace("\"agent_id\"", "\"agent\"")))
                .hasMessageContaining("unknown field 'agent'");
    }

    @Test
    void reportsBrokenJsonWithoutParserInternals() {
        assertThatThrownBy(() -> ChatMessageJson.parse("{\"message_id\": \"m1\""))
                .hasMessageStartingWith("not valid JSON: ")
                .hasMessageNotContaining("Source");
        assertThatThrownBy(() -> ChatMessageJson.parse("[1,2]")).hasMessageContaining("JSON object");
    }
}
