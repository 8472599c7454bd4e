package io.memstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.ResolvedDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationScoreTest {

    private static final String MESSAGE = "m1";
    private static final Map<String, String> CONTENTS = Map.of(
            MESSAGE, "My sister Ana went vegetarian yesterday.", "m2", "haha love it", "m3", "I live in Porto.");

    @Test
    void aMemoryFromTheMessageWithEveryKeywordMatches() {
        ExpectedMemory expected = expected(List.of("vegetarian", "Ana"));

        assertThat(EvaluationScore.matches(expected, memory(MESSAGE, "User's sister Ana went Vegetarian."))).isTrue();
        assertThat(EvaluationScore.matches(expected, memory("m3", "User's sister Ana went vegetarian."))).isFalse();
    }

    @Test
    void aMemoryMissingOneKeywordIsAMissAndAFalsePositive() {
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected(List.of("vegetarian", "Ana")))),
                List.of(memory(MESSAGE, "User's sister went vegetarian.")));

        assertThat(score.recall()).isEqualTo(new EvaluationScore.Ratio(0, 1));
        assertThat(score.precision()).isEqualTo(new EvaluationScore.Ratio(0, 1));
        assertThat(score.misses()).singleElement().satisfies(miss -> {
            assertThat(miss.message()).isEqualTo(CONTENTS.get(MESSAGE));
            assertThat(miss.keywords()).containsExactly("vegetarian", "Ana");
            assertThat(miss.produced()).containsExactly("User's sister went vegetarian.");
        });
    }

    @Test
    void typographicApostrophesMatchAsciiOnes() {
        ExpectedMemory expected = expected(List.of("runner's knee"));

        assertThat(EvaluationScore.matches(expected, memory(MESSAGE, "The physio said it\u2019s runner\u2019s knee"))).isTrue();
    }

    @Test
    void aMemoryOfAMessageWithNothingToNoteIsAFalsePositive() {
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected(List.of("vegetarian"))), "m2", List.of()),
                List.of(memory(MESSAGE, "Ana went vegetarian yesterday"), memory("m2", "The user loves it a lot, haha")));

        assertThat(score.recall()).isEqualTo(new EvaluationScore.Ratio(1, 1));
        assertThat(score.precision()).isEqualTo(new EvaluationScore.Ratio(1, 2));
        assertThat(score.falsePositives()).singleElement().satisfies(fp -> {
            assertThat(fp.messageIds()).containsExactly("m2");
            assertThat(fp.message()).isEqualTo("haha love it");
            assertThat(fp.expectedKeywords()).isEmpty();
        });
    }

    @Test
    void memoriesOfUnlabelledMessagesCountAsProducedButNotForPrecision() {
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected(List.of("vegetarian")))),
                List.of(memory(MESSAGE, "Ana went vegetarian yesterday"), memory("assistant-1", "The assistant suggested tofu")));

        assertThat(score.produced()).isEqualTo(2);
        assertThat(score.precision()).isEqualTo(new EvaluationScore.Ratio(1, 1));
    }

    @Test
    void dateAccuracyNeedsEveryExpectedResolvedValueAmongTheMemorysDates() {
        ExpectedMemory withDate = new ExpectedMemory(MESSAGE, List.of("vegetarian"), "event", List.of("2023-05-07"),
                List.of(), List.of());
        EnhancedMemory right = withDates(memory(MESSAGE, "Ana went vegetarian yesterday"), "2023-05-07");
        EnhancedMemory wrong = withDates(memory(MESSAGE, "Ana went vegetarian yesterday"), "2023-05-08");

        assertThat(score(Map.of(MESSAGE, List.of(withDate)), List.of(right)).dateAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(1, 1));
        assertThat(score(Map.of(MESSAGE, List.of(withDate)), List.of(wrong)).dateAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(0, 1));
    }

    @Test
    void dateAccuracyLeavesOutMemoriesExpectedWithoutDates() {
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected(List.of("vegetarian")))),
                List.of(withDates(memory(MESSAGE, "Ana went vegetarian yesterday"), "2023-05-07")));

        assertThat(score.dateAccuracy()).isEqualTo(new EvaluationScore.Ratio(0, 0));
        assertThat(score.dateAccuracy().toString()).isEqualTo("n/a (0/0)");
    }

    @Test
    void peopleMustBeTheSameSetIgnoringCase() {
        ExpectedMemory ana = new ExpectedMemory(MESSAGE, List.of("vegetarian"), "relationship", List.of(),
                List.of("Ana (sister)"), List.of());
        EnhancedMemory same = withPeople(memory(MESSAGE, "My sister Ana went vegetarian"), "ana (Sister)");
        EnhancedMemory nameOnly = withPeople(memory(MESSAGE, "My sister Ana went vegetarian"), "Ana");

        assertThat(score(Map.of(MESSAGE, List.of(ana)), List.of(same)).peopleAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(1, 1));
        assertThat(score(Map.of(MESSAGE, List.of(ana)), List.of(nameOnly)).peopleAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(0, 1));
    }

    @Test
    void peopleTheLabelDoesNotExpectCountAgainstTheMemory() {
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected(List.of("vegetarian")))),
                List.of(withPeople(memory(MESSAGE, "Ana went vegetarian"), "Ana")));

        assertThat(score.peopleAccuracy()).isEqualTo(new EvaluationScore.Ratio(0, 1));
    }

    @Test
    void aMemoryStatingTwoLabelledFactsNamesThePeopleOfBoth() {
        ExpectedMemory lena = new ExpectedMemory(MESSAGE, List.of("Lena is 6"), "relationship", List.of(),
                List.of("Lena"), List.of());
        ExpectedMemory max = new ExpectedMemory(MESSAGE, List.of("Max turns 4"), "relationship", List.of(),
                List.of("Max"), List.of());
        EnhancedMemory both = withPeople(memory(MESSAGE, "Lena is 6 and Max turns 4"), "Lena", "Max");
        EnhancedMemory onlyLena = withPeople(memory(MESSAGE, "Lena is 6 and Max turns 4"), "Lena");

        assertThat(score(Map.of(MESSAGE, List.of(lena, max)), List.of(both)).peopleAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(2, 2));
        assertThat(score(Map.of(MESSAGE, List.of(lena, max)), List.of(onlyLena)).peopleAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(0, 2));
    }

    @Test
    void aNameAndTheSameNameWithItsRelationFromTwoFactsAreOnePerson() {
        ExpectedMemory moved = new ExpectedMemory(MESSAGE, List.of("moved in"), "relationship", List.of(),
                List.of("Josh (brother)"), List.of());
        ExpectedMemory saving = new ExpectedMemory(MESSAGE, List.of("saving"), "relationship", List.of(),
                List.of("Josh"), List.of());
        EnhancedMemory both = withPeople(memory(MESSAGE, "My brother Josh moved in, he's saving for a house"),
                "Josh (brother)");

        assertThat(score(Map.of(MESSAGE, List.of(moved, saving)), List.of(both)).peopleAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(2, 2));
    }

    @Test
    void entitiesNeedTheSameTextAndType() {
        ExpectedMemory expected = new ExpectedMemory("m3", List.of("Porto"), "personal_info", List.of(), List.of(),
                List.of(new ExpectedMemory.Entity("Porto", "PLACE")));
        EnhancedMemory place = withEntity(memory("m3", "I live in Porto."), "porto", "PLACE");
        EnhancedMemory person = withEntity(memory("m3", "I live in Porto."), "Porto", "PERSON");

        assertThat(score(Map.of("m3", List.of(expected)), List.of(place)).entityAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(1, 1));
        assertThat(score(Map.of("m3", List.of(expected)), List.of(person)).entityAccuracy())
                .isEqualTo(new EvaluationScore.Ratio(0, 1));
    }

    @Test
    void categoryIsJudgedOnTheFirstMatchingMemory() {
        ExpectedMemory expected = new ExpectedMemory(MESSAGE, List.of("vegetarian"), "preference", List.of(),
                List.of(), List.of());
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected)), List.of(
                withCategory(memory(MESSAGE, "Went vegetarian"), "event"),
                withCategory(memory(MESSAGE, "Is vegetarian now"), "preference")));

        assertThat(score.categoryAccuracy()).isEqualTo(new EvaluationScore.Ratio(0, 1));
    }

    @Test
    void shortMemoriesAndBareReactionsAreFiller() {
        assertThat(EvaluationScore.isFiller("I love it!")).isTrue();
        assertThat(EvaluationScore.isFiller("That's so cool, really")).isTrue();
        assertThat(EvaluationScore.isFiller("I really love this so much!!")).isTrue();
        assertThat(EvaluationScore.isFiller("Thank you so much ❤️")).isTrue();
        assertThat(EvaluationScore.isFiller("I love the blue flower pot my sister gave me")).isFalse();
        assertThat(EvaluationScore.isFiller("My cat Miso knocked the coffee over")).isFalse();
    }

    @Test
    void theSameContentTwiceForOneUserIsADuplicate() {
        EvaluationScore score = score(Map.of(MESSAGE, List.of(expected(List.of("vegetarian")))), List.of(
                memory(MESSAGE, "Ana went vegetarian."), memory(MESSAGE, "ana  went vegetarian"),
                memory(MESSAGE, "Ana went vegetarian yesterday")));

        assertThat(score.duplicates()).isEqualTo(1);
    }

    private static ExpectedMemory expected(List<String> keywords) {
        return new ExpectedMemory(MESSAGE, keywords, "event", List.of(), List.of(), List.of());
    }

    private static EvaluationScore score(Map<String, List<ExpectedMemory>> labels, List<EnhancedMemory> memories) {
        return EvaluationScore.of(labels, CONTENTS, memories);
    }

    private static EnhancedMemory memory(String messageId, String content) {
        Instant at = Instant.parse("2023-05-08T10:00:00Z");
        return EnhancedMemory.newBuilder()
                .setMemoryId("mem-" + messageId + "-" + content.hashCode())
                .setUserId("ana-user")
                .setSessionId("s1")
                .setContent(content)
                .setSummary(content)
                .setCategory("event")
                .setPersona("default")
                .setImportance(5)
                .setQualityScore(4)
                .setConfidence(0.9)
                .setSourceMessageIds(new ArrayList<>(List.of(messageId)))
                .setFirstSeen(at)
                .setLastSeen(at)
                .setModel("test")
                .setPromptVersion("test")
                .build();
    }

    private static EnhancedMemory withDates(EnhancedMemory memory, String resolved) {
        return EnhancedMemory.newBuilder(memory).setDates(new ArrayList<>(List.of(ResolvedDate.newBuilder()
                .setText("yesterday").setResolved(resolved).setPrecision("DAY").setStart(resolved).setEnd(resolved)
                .build()))).build();
    }

    private static EnhancedMemory withPeople(EnhancedMemory memory, String... people) {
        return EnhancedMemory.newBuilder(memory).setPeople(new ArrayList<>(List.of(people))).build();
    }

    private static EnhancedMemory withEntity(EnhancedMemory memory, String text, String type) {
        return EnhancedMemory.newBuilder(memory)
                .setEntities(new ArrayList<>(List.of(Entity.newBuilder().setText(text).setType(type).build()))).build();
    }

    private static EnhancedMemory withCategory(EnhancedMemory memory, String category) {
        return EnhancedMemory.newBuilder(memory).setCategory(category).build();
    }
}
