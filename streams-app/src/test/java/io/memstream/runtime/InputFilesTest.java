package io.memstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Instant timestampOf(String line) throws Exception {
        return Instant.parse(JSON.readTree(line).path("timestamp").asText());
    }

    @Test
    void rebasingMovesTheLatestMessageToNowAndKeepsTheGapsAndOtherFields() throws Exception {
        List<String> lines = List.of(
                "{\"message_id\":\"m1\",\"session_id\":\"s1\",\"content\":\"hi\",\"timestamp\":\"2026-03-05T08:00:00Z\"}",
                "{\"message_id\":\"m2\",\"session_id\":\"s1\",\"content\":\"later\",\"timestamp\":\"2026-03-05T09:30:00Z\"}");
        Instant now = Instant.parse("2026-11-21T12:00:00Z");

        List<String> rebased = InputFiles.rebasedToNow(lines, now).lines().toList();

        assertThat(rebased).hasSize(2);
        assertThat(timestampOf(rebased.get(1))).isEqualTo(now);
        assertThat(timestampOf(rebased.get(0))).isEqualTo(now.minusSeconds(90 * 60));
        assertThat(JSON.readTree(rebased.get(0)).path("content").asText()).isEqualTo("hi");
        assertThat(JSON.readTree(rebased.get(1)).path("message_id").asText()).isEqualTo("m2");
    }

    @Test
    void theBundledSampleIsThereAndEveryLineIsAValidMessage() throws Exception {
        try (var reader = InputFiles.open(null)) {
            List<String> lines = reader.lines().toList();
            assertThat(lines).hasSize(74);
            lines.forEach(ChatMessageJson::parse);
        }
    }
}
