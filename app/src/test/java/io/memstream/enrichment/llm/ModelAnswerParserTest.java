package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ModelAnswerParserTest {

    private final ModelAnswerParser parser = new ModelAnswerParser(3);

    private static String memory(String fields) {
        return "{\"content\": \"I live in Lyon\", \"summary\": \"User lives in Lyon\", \"category\": \"personal_info\","
                + " \"importance\": 6, \"quality\": 4, \"confidence\": 0.8, \"source_messages\": [1]" + fields + "}";
    }

    private static String answer(String... memories) {
        return "{\"memories\": [" + String.join(",", memories) + "]}";
    }

    private String problems(String answer) {
        try {
            parser.parse(answer, 2);
        } catch (InvalidModelOutputException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + answer);
    }

    @Test
    void readsAValidAnswerWithOptionalListsLeftOut() {
        List<MemoryDraft> drafts = parser.parse(answer(memory(""), memory(", \"tags\": [\"home\", \"home\"], "
                + "\"entities\": [{\"text\": \"Lyon\", \"type\": \"PLACE\"}]")), 2);
        assertThat(drafts).hasSize(2);
        assertThat(drafts.get(0).tags()).isEmpty();
        assertThat(drafts.get(1).tags()).containsExactly("home");
        assertThat(drafts.get(1).entities()).containsExactly(new MemoryDraft.DraftEntity("Lyon", "PLACE"));
    }

    @Test
    void anEmptyListOfMemoriesIsAValidAnswer() {
        assertThat(parser.parse("{\"memories\": []}", 2)).isEmpty();
    }

    @Test
    void toleratesProseAndACodeFenceAroundOneObject() {
        assertThat(parser.parse("```json\n" + answer(memory("")) + "\n```", 2)).hasSize(1);
        assertThat(parser.parse("```\n" + answer(memory("")) + "```", 2)).hasSize(1);
        assertThat(parser.parse("Here are the memories I found:\n\n" + answer(memory(""))
                + "\n\nLet me know if you need anything else.", 2)).hasSize(1);
        assertThat(parser.parse("Sure! ```json\n" + answer(memory("")) + "\n``` Hope this helps.", 2)).hasSize(1);
    }

    @Test
    void refusesASecondJsonValueAndTextWithoutJson() {
        assertThat(problems(answer(memory("")) + " {}")).contains("more than one JSON value");
        assertThat(problems(answer(memory("")) + "\n[1, 2]")).contains("more than one JSON value");
        assertThat(problems("I could not find any memories.")).contains("not valid JSON");
    }

    @Test
    void saysWhenTheJsonIsTruncated() {
        String full = answer(memory(""));
        assertThat(problems(full.substring(0, full.length() - 10))).contains("truncated");
    }

    @Test
    void refusesDuplicateKeys() {
        assertThat(problems("{\"memories\": [], \"memories\": []}")).contains("not valid JSON").contains("memories");
    }

    @Test
    void takesNumbersWrittenAsStringsOrWholeDecimalsAsTheirOneReading() {
        MemoryDraft draft = parser.parse(answer(memory("").replace("\"importance\": 6", "\"importance\": \"7\"")
                .replace("\"quality\": 4", "\"quality\": 4.0").replace("\"confidence\": 0.8", "\"confidence\": \"0.85\"")
                .replace("[1]", "[\"2\"]")), 2).get(0);

        assertThat(draft.importance()).isEqualTo(7);
        assertThat(draft.quality()).isEqualTo(4);
        assertThat(draft.confidence()).isEqualTo(0.85);
        assertThat(draft.sourceMessages()).containsExactly(2);
    }

    @Test
    void refusesValuesThatAreNotNumbersOrNotWhole() {
        assertThat(problems(answer(memory("").replace("\"importance\": 6", "\"importance\": \"high\""))))
                .contains("$.memories[0].importance must be an integer, not a string");
        assertThat(problems(answer(memory("").replace("\"quality\": 4", "\"quality\": 4.5"))))
                .contains("$.memories[0].quality must be an integer, not a decimal number");
        assertThat(problems(answer(memory("").replace("\"confidence\": 0.8", "\"confidence\": \"high\""))))
                .contains("$.memories[0].confidence must be a number");
        assertThat(problems(answer(memory("").replace("[1]", "[true]")))).contains("true is not a message number 1..2");
        assertThat(problems("{\"memories\": {}}")).contains("$.memories must be an array, not an object");
    }

    @Test
    void acceptsTheContractsCategoriesInAnyCase() {
        for (String category : List.of("event", "opinion", "Plan", "PERSONAL_INFO")) {
            assertThat(parser.parse(answer(memory("").replace("personal_info", category)), 2))
                    .extracting(MemoryDraft::category).containsExactly(category.toLowerCase(Locale.ROOT));
        }
        assertThat(parser.parse(answer(memory(", \"entities\": [{\"text\": \"Rex\", \"type\": \"pet\"}]")), 2).get(0)
                .entities()).containsExactly(new MemoryDraft.DraftEntity("Rex", "PET"));
    }

    @Test
    void readsDatesWithTheModelsResolutionAndPlainPhrases() {
        MemoryDraft draft = parser.parse(answer(memory(", \"dates\": [{\"text\": \"next Friday\", "
                + "\"resolved\": \"2023-05-19\", \"precision\": \"day\"}, {\"text\": \"last summer\"}, \"May 7th, 2023\", "
                + "{\"text\": \"in May\", \"resolved\": null, \"precision\": \"SOMETIME\"}]"
                + ", \"date_phrases\": [\"tomorrow\"]")), 2).get(0);

        assertThat(draft.dates()).containsExactly(
                new MemoryDraft.DraftDate("next Friday", "2023-05-19", "DAY"),
                new MemoryDraft.DraftDate("last summer", null, null),
                new MemoryDraft.DraftDate("May 7th, 2023", null, null),
                new MemoryDraft.DraftDate("in May", null, null),
                new MemoryDraft.DraftDate("tomorrow", null, null));
    }

    @Test
    void refusesDatesWithoutTextOrWithUnknownFields() {
        assertThat(problems(answer(memory(", \"dates\": [{\"resolved\": \"2023-05-19\"}]"))))
                .contains("$.memories[0].dates[0].text is missing");
        assertThat(problems(answer(memory(", \"dates\": [{\"text\": \"Friday\", \"type\": \"DATE\"}]"))))
                .contains("$.memories[0].dates[0].type is not a known field");
        assertThat(problems(answer(memory(", \"dates\": [42]")))).contains("$.memories[0].dates[0] must be an object");
    }

    @Test
    void rangesAreEnforced() {
        assertThat(problems(answer(memory("").replace("\"importance\": 6", "\"importance\": 0"))))
                .contains("importance 0 is not in 1..10");
        assertThat(problems(answer(memory("").replace("\"quality\": 4", "\"quality\": 6")))).contains("quality 6 is not in 1..5");
        assertThat(problems(answer(memory("").replace("\"confidence\": 0.8", "\"confidence\": 1.5"))))
                .contains("confidence 1.5 is not in 0..1");
    }

    @Test
    void enumsAreEnforced() {
        assertThat(problems(answer(memory("").replace("personal_info", "gossip"))))
                .contains("'gossip' is not one of personal_info, preference, opinion, relationship, event, plan");
        assertThat(problems(answer(memory(", \"entities\": [{\"text\": \"Lyon\", \"type\": \"CITY\"}]"))))
                .contains("$.memories[0].entities[0].type 'CITY' is not one of");
    }

    @Test
    void lengthsAndCountsAreEnforced() {
        assertThat(problems(answer(memory("").replace("I live in Lyon", "x".repeat(501)))))
                .contains("content has 501 characters, at most 500 allowed");
        assertThat(problems(answer(memory("").replace("I live in Lyon", "  ")))).contains("content is blank");
        assertThat(problems(answer(memory(""), memory(""), memory(""), memory(""))))
                .contains("has 4 memories, at most 3 allowed");
        assertThat(problems(answer(memory(", \"tags\": [" + "\"t\",".repeat(10) + "\"t\"]"))))
                .contains("tags has 11 items, at most 10 allowed");
    }

    @Test
    void sourceMessagesMustNameMessagesOfTheTranscript() {
        assertThat(problems(answer(memory("").replace("[1]", "[3]")))).contains("3 is not a message number 1..2");
        assertThat(problems(answer(memory("").replace("[1]", "[]")))).contains("source_messages is empty");
        assertThat(problems(answer(memory("").replace(", \"source_messages\": [1]", "")))).contains("source_messages is missing");
    }

    @Test
    void aSourceMessageThatIsNoNumberIsOneProblem() {
        assertThat(problems(answer(memory("").replace("[1]", "[true, 0]"))))
                .isEqualTo("2 problems: $.memories[0].source_messages[0] true is not a message number 1..2; "
                        + "$.memories[0].source_messages[1] 0 is not a message number 1..2");
    }

    @Test
    void readsTheMemoriesV1DatePhrasesAsDatesWithoutResolution() {
        assertThat(parser.parse(answer(memory(", \"date_phrases\": [\" next Friday \"]")), 2).get(0).dates())
                .containsExactly(new MemoryDraft.DraftDate("next Friday", null, null));
        assertThat(problems(answer(memory(", \"date_phrases\": [\"\"]")))).contains("$.memories[0].dates[0].text is blank");
    }

    @Test
    void fieldsThatWouldSetIdsAreRefusedByName() {
        String problems = problems(answer(memory(", \"user_id\": \"admin\", \"memory_id\": \"m1\", \"batch_ids\": [\"x\"]")));
        assertThat(problems).contains("$.memories[0].user_id is not allowed", "$.memories[0].memory_id is not allowed",
                "$.memories[0].batch_ids is not allowed");
        assertThat(problems("{\"memories\": [], \"session_id\": \"s\"}")).contains("$.session_id is not allowed");
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThat(problems(answer(memory(", \"mood\": \"happy\"")))).contains("$.memories[0].mood is not a known field");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String problems = problems(answer(memory("").replace("\"importance\": 6", "\"importance\": 11")
                .replace("\"quality\": 4", "\"quality\": 0")));
        assertThat(problems).startsWith("2 problems:").contains("importance").contains("quality");
    }

    @Test
    void refusesAnEmptyAnswerAndANonObject() {
        assertThat(problems("  ")).contains("empty");
        assertThat(problems("[]")).contains("must be a JSON object");
    }
}
