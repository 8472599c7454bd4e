package io.memstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.schemas.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationSetTest {

    private static final String MESSAGES = String.join("\n",
            "{\"message_id\":\"dev-1\",\"session_id\":\"s1\",\"user_id\":\"ana\",\"role\":\"user\","
                    + "\"content\":\"My sister Ana went vegetarian yesterday.\",\"timestamp\":\"2023-05-08T10:00:00Z\","
                    + "\"timezone\":\"Europe/Lisbon\"}",
            "{\"message_id\":\"dev-2\",\"session_id\":\"s1\",\"user_id\":\"ana\",\"role\":\"assistant\","
                    + "\"content\":\"Oh nice!\",\"timestamp\":\"2023-05-08T10:01:00Z\",\"timezone\":\"Europe/Lisbon\"}",
            "{\"message_id\":\"dev-3\",\"session_id\":\"s1\",\"user_id\":\"ana\",\"role\":\"user\","
                    + "\"content\":\"haha\",\"timestamp\":\"2023-05-08T10:02:00Z\",\"timezone\":\"Europe/Lisbon\"}");

    private static final String LABEL_1 = "{\"message_id\":\"dev-1\",\"memories\":[{\"keywords\":[\"vegetarian\"],"
            + "\"category\":\"relationship\",\"dates\":[{\"text\":\"yesterday\",\"resolved\":\"2023-05-07\"}],"
            + "\"people\":[\"Ana (sister)\"],\"entities\":[{\"text\":\"Ana\",\"type\":\"PERSON\"}]}]}";
    private static final String LABEL_3 = "{\"message_id\":\"dev-3\",\"memories\":[]}";

    @Test
    void readsTheExpectedMemoriesOfEveryUserMessage() throws IOException {
        EvaluationSet set = read(LABEL_1 + "\n" + LABEL_3);

        assertThat(set.messages()).hasSize(3);
        assertThat(set.userMessages()).isEqualTo(2);
        assertThat(set.expectedMemories()).isEqualTo(1);
        assertThat(set.labels().get("dev-3")).isEmpty();
        assertThat(set.labels().get("dev-1")).singleElement().isEqualTo(new ExpectedMemory("dev-1",
                List.of("vegetarian"), "relationship", List.of("2023-05-07"), List.of("Ana (sister)"),
                List.of(new ExpectedMemory.Entity("Ana", "PERSON"))));
    }

    @Test
    void aUserMessageWithoutALabelLineIsReportedWithTheLineToAdd() {
        assertThatThrownBy(() -> read(LABEL_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user message 'dev-3' has no label line")
                .hasMessageContaining("{\"message_id\": \"dev-3\", \"memories\": []}");
    }

    @Test
    void aLabelOnAnAssistantMessageIsRejectedWithItsLine() {
        assertThatThrownBy(() -> read(LABEL_1 + "\n" + LABEL_3 + "\n{\"message_id\":\"dev-2\",\"memories\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels.jsonl:3: message 'dev-2' is not a user message; label user messages only");
    }

    @Test
    void anUnknownCategoryNamesTheCategoriesToUse() {
        assertThatThrownBy(() -> read(LABEL_1.replace("relationship", "family") + "\n" + LABEL_3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("labels.jsonl:1: memory 1 has category 'family'; use one of [personal_info");
    }

    @Test
    void aMemoryWithoutKeywordsIsRejected() {
        assertThatThrownBy(() -> read(LABEL_1.replace("[\"vegetarian\"]", "[]") + "\n" + LABEL_3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 'keywords'");
    }

    @Test
    void movingThePartByYearsKeepsTheLocalTimeOfDayAndTheLabels() throws IOException {
        EvaluationSet set = read(LABEL_1 + "\n" + LABEL_3);

        EvaluationSet later = set.shiftedByYears(5);

        assertThat(later.messages().get(0).getTimestamp()).isEqualTo(Instant.parse("2028-05-08T10:00:00Z"));
        assertThat(later.messages().get(0).getContent()).isEqualTo(set.messages().get(0).getContent());
        assertThat(later.labels()).isEqualTo(set.labels());
    }

    @Test
    void theBundledDevPartIsLargeAndVariedEnough() {
        EvaluationSet dev = EvaluationSet.bundled("dev").orElseThrow();

        Set<String> users = new HashSet<>();
        Set<String> sessions = new HashSet<>();
        for (ChatMessage message : dev.messages()) {
            assertThat(message.getMessageId()).startsWith("dev-");
            users.add(message.getUserId());
            sessions.add(message.getSessionId());
        }
        assertThat(dev.userMessages()).isGreaterThanOrEqualTo(300);
        assertThat(sessions).hasSizeGreaterThanOrEqualTo(25);
        assertThat(users).hasSizeGreaterThanOrEqualTo(10);
        long withNothing = dev.labels().values().stream().filter(List::isEmpty).count();
        assertThat((double) withNothing / dev.userMessages()).isBetween(1 / 3.0, 0.5);
        assertThat(dev.messages()).as("the people sessions are read as part of dev")
                .anyMatch(message -> message.getMessageId().startsWith("dev-p-"));
    }

    @Test
    void everyKeywordOfTheBundledDevPartIsInItsMessage() {
        EvaluationSet dev = EvaluationSet.bundled("dev").orElseThrow();

        for (ChatMessage message : dev.messages()) {
            for (ExpectedMemory expected : dev.labels().getOrDefault(message.getMessageId(), List.of())) {
                for (String keyword : expected.keywords()) {
                    assertThat(EvaluationScore.folded(message.getContent()))
                            .as("keyword of %s", message.getMessageId())
                            .contains(EvaluationScore.folded(keyword));
                }
            }
        }
    }

    @Test
    void anUnknownPartIsABadInput() {
        assertThatThrownBy(() -> EvaluationSet.bundled("test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown part 'test'");
    }

    private static EvaluationSet read(String labels) throws IOException {
        return EvaluationSet.read("test", new BufferedReader(new StringReader(MESSAGES)), "messages.jsonl",
                new BufferedReader(new StringReader(labels)), "labels.jsonl");
    }
}
