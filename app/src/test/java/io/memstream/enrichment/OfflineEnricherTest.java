package io.memstream.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.memstream.domain.MemoryIds;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.ResolvedDate;
import io.memstream.schemas.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineEnricherTest {

    /** Wednesday 4 March 2026, 11:00 in Paris. */
    private static final Instant WRITTEN_AT = Instant.parse("2026-03-04T10:00:00Z");
    private static final String PARIS = "Europe/Paris";
    private static final String USER = "user-1";
    private static final String SESSION = "session-1";
    private static final String BATCH_ID = SESSION + "#0";
    private static final String AGENT = "agent-1";

    private final OfflineEnricher enricher = new OfflineEnricher();

    private static ChatMessage.Builder message(String id, String content) {
        return ChatMessage.newBuilder()
                .setMessageId(id)
                .setSessionId(SESSION)
                .setUserId(USER)
                .setAgentId(AGENT)
                .setRole(Role.USER)
                .setContent(content)
                .setTimestamp(WRITTEN_AT)
                .setTimezone(PARIS);
    }

    private static MessageBatch batch(ChatMessage.Builder... messages) {
        return batchOf(Arrays.stream(messages).map(ChatMessage.Builder::build).toList());
    }

    private static MessageBatch batchOf(List<ChatMessage> messages) {
        return MessageBatch.newBuilder()
                .setBatchId(BATCH_ID)
                .setSessionId(SESSION)
                .setUserId(USER)
                .setAgentId(AGENT)
                .setSeq(0)
                .setMessages(messages)
                .setClosedBy(ClosedBy.COUNT)
                .setOpenedAt(WRITTEN_AT)
                .setClosedAt(WRITTEN_AT)
                .build();
    }

    private List<EnhancedMemory> enrich(String... contents) {
        return enricher.enrich(batch(IntStream.range(0, contents.length)
                .mapToObj(i -> message("m" + (i + 1), contents[i]))
                .toArray(ChatMessage.Builder[]::new)));
    }

    private EnhancedMemory onlyMemoryOf(String content) {
        List<EnhancedMemory> memories = enrich(content);
        assertThat(memories).hasSize(1);
        return memories.get(0);
    }

    @Test
    void reportsItsModelAndExtractorVersion() {
        assertThat(enricher.model()).isEqualTo("offline");
        assertThat(OfflineEnricher.PROMPT_VERSION).isEqualTo("offline-extractor-v8");
    }

    @Test
    void extractsAPreferenceWithAThirdPersonSummaryAndItsProvenance() {
        EnhancedMemory memory = onlyMemoryOf("I really like jazz music.");

        assertThat(memory.getMemoryId()).isEqualTo(MemoryIds.of(USER, BATCH_ID, "I really like jazz music."));
        assertThat(memory.getUserId()).isEqualTo(USER);
        assertThat(memory.getSessionId()).isEqualTo(SESSION);
        assertThat(memory.getAgentId()).isEqualTo(AGENT);
        assertThat(memory.getContent()).isEqualTo("I really like jazz music.");
        assertThat(memory.getSummary()).isEqualTo("User really likes jazz music");
        assertThat(memory.getCategory()).isEqualTo("preference");
        assertThat(memory.getImportance()).isEqualTo(5);
        assertThat(memory.getQualityScore()).isEqualTo(2);
        assertThat(memory.getConfidence()).isEqualTo(0.6);
        assertThat(memory.getEntities()).isEmpty();
        assertThat(memory.getDates()).isEmpty();
        assertThat(memory.getPeople()).isEmpty();
        assertThat(memory.getTags()).containsExactly("preference");
        assertThat(memory.getEmbedding()).isNull();
        assertThat(memory.getBatchIds()).containsExactly(BATCH_ID);
        assertThat(memory.getSourceMessageIds()).containsExactly("m1");
        assertThat(memory.getReinforcementCount()).isEqualTo(1);
        assertThat(memory.getFirstSeen()).isEqualTo(WRITTEN_AT);
        assertThat(memory.getLastSeen()).isEqualTo(WRITTEN_AT);
        assertThat(memory.getValidUntil()).isNull();
        assertThat(memory.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
        assertThat(memory.getSupersededBy()).isNull();
        assertThat(memory.getModel()).isEqualTo("offline");
        assertThat(memory.getPromptVersion()).isEqualTo("offline-extractor-v8");
    }

    @Test
    void extractsARelationshipWithTheNamedPersonAndTheRelation() {
        EnhancedMemory memory = onlyMemoryOf("My sister Anna lives in Berlin.");

        assertThat(memory.getCategory()).isEqualTo("relationship");
        assertThat(memory.getSummary()).isEqualTo("User's sister Anna lives in Berlin");
        assertThat(memory.getPeople()).containsExactly("Anna (sister)");
        assertThat(memory.getEntities()).containsExactly(new Entity("Anna", "PERSON"), new Entity("Berlin", "PLACE"));
        assertThat(memory.getTags()).containsExactly("anna", "berlin", "relationship", "sister");
        assertThat(memory.getQualityScore()).isEqualTo(4);
    }

    @Test
    void extractsAPlanWithItsResolvedDateThatIsValidUntilTheEndOfTheFollowingDay() {
        EnhancedMemory memory = onlyMemoryOf("I have a dentist appointment tomorrow at 3pm.");

        assertThat(memory.getCategory()).isEqualTo("plan");
        assertThat(memory.getSummary()).isEqualTo("User has a dentist appointment tomorrow at 3pm");
        assertThat(memory.getDates()).containsExactly(new ResolvedDate("tomorrow at 3pm", "2026-03-05T15:00+01:00", "TIME", "2026-03-05", "2026-03-05"));
        assertThat(memory.getEntities()).containsExactly(new Entity("tomorrow at 3pm", "DATE"));
        // Base 5 for a plan, +1 for having a date.
        assertThat(memory.getImportance()).isEqualTo(6);
        // End of 6 March in Paris = 7 March 00:00+01:00.
        assertThat(memory.getValidUntil()).isEqualTo(Instant.parse("2026-03-06T23:00:00Z"));
    }

    @Test
    void onlyPlansWithADateHaveAValidity() {
        assertThat(onlyMemoryOf("I'm going to learn the piano.").getValidUntil()).isNull();

        EnhancedMemory birthday = onlyMemoryOf("My birthday is on March 10.");
        assertThat(birthday.getCategory()).isEqualTo("personal_info");
        assertThat(birthday.getDates()).containsExactly(new ResolvedDate("March 10", "2026-03-10", "DAY", "2026-03-10", "2026-03-10"));
        assertThat(birthday.getValidUntil()).isNull();
    }

    @Test
    void resolvesDatesAgainstTheWritersZoneAndFallsBackToUtc() {
        Instant lateThursdayUtc = Instant.parse("2026-03-05T23:30:00Z");
        EnhancedMemory inTokyo = enricher.enrich(batch(message("m1", "I have a flight tomorrow.")
                .setTimestamp(lateThursdayUtc).setTimezone("Asia/Tokyo"))).get(0);
        EnhancedMemory unknownZone = enricher.enrich(batch(message("m1", "I have a flight tomorrow.")
                .setTimestamp(lateThursdayUtc).setTimezone("Not/AZone"))).get(0);

        assertThat(inTokyo.getDates()).containsExactly(new ResolvedDate("tomorrow", "2026-03-07", "DAY", "2026-03-07", "2026-03-07"));
        assertThat(inTokyo.getValidUntil()).isEqualTo(Instant.parse("2026-03-08T15:00:00Z"));
        assertThat(unknownZone.getDates()).containsExactly(new ResolvedDate("tomorrow", "2026-03-06", "DAY", "2026-03-06", "2026-03-06"));
        assertThat(unknownZone.getValidUntil()).isEqualTo(Instant.parse("2026-03-08T00:00:00Z"));
    }

    @Test
    void ratesHealthFactsAsTheMostImportant() {
        EnhancedMemory allergy = onlyMemoryOf("I'm allergic to peanuts.");
        EnhancedMemory condition = onlyMemoryOf("I am diabetic.");

        assertThat(allergy.getCategory()).isEqualTo("health");
        assertThat(allergy.getImportance()).isEqualTo(8);
        assertThat(allergy.getSummary()).isEqualTo("User is allergic to peanuts");
        assertThat(condition.getCategory()).isEqualTo("health");
        assertThat(condition.getImportance()).isEqualTo(8);
    }

    @Test
    void classifiesWorkAndTypesTheEmployerAsAnOrganization() {
        EnhancedMemory memory = onlyMemoryOf("I work at Google as an engineer.");

        assertThat(memory.getCategory()).isEqualTo("work");
        assertThat(memory.getEntities()).containsExactly(new Entity("Google", "ORGANIZATION"));
        assertThat(memory.getSummary()).isEqualTo("User works at Google as an engineer");
    }

    @Test
    void namesThePersonAHeOrSheStandsForFromTheUsersEarlierMessages() {
        List<EnhancedMemory> memories = enrich("My brother Tomas moved in with me last week.",
                "He's a chef at a seafood place in Porto now.");

        EnhancedMemory chef = memories.stream().filter(m -> m.getContent().startsWith("He's a chef")).findFirst()
                .orElseThrow();
        assertThat(chef.getPeople()).containsExactly("Tomas");
        assertThat(chef.getContent()).isEqualTo("He's a chef at a seafood place in Porto now.");
        assertThat(chef.getSummary()).contains("(\"He\" is Tomas)");
    }

    @Test
    void namesThePeopleOfTheQuestionAStatementAnswers() {
        List<EnhancedMemory> memories = enricher.enrich(batch(
                message("m1", "Do you still run in the park with Rui?").setRole(Role.ASSISTANT),
                message("m2", "I still go there almost every day.")));

        assertThat(memories).singleElement().satisfies(memory -> {
            assertThat(memory.getContent()).isEqualTo("I still go there almost every day.");
            assertThat(memory.getPeople()).containsExactly("Rui");
        });
    }

    @Test
    void namesThePeopleOfTheQuestionAYesAnswers() {
        List<EnhancedMemory> memories = enricher.enrich(batch(
                message("m1", "Are you doing anything for Omer's birthday?").setRole(Role.ASSISTANT),
                message("m2", "Yes, we're going to Eilat next weekend, just the two of us.")));

        assertThat(memories).singleElement().satisfies(memory -> assertThat(memory.getPeople()).contains("Omer"));
    }

    @Test
    void neverTakesAPetTheUserNamedBeforeForAPerson() {
        List<EnhancedMemory> memories = enrich("We adopted a golden retriever named Charlie last week.",
                "Charlie already chewed through two of my husband's sneakers.");

        EnhancedMemory sneakers = memories.stream().filter(m -> m.getContent().contains("sneakers")).findFirst()
                .orElseThrow();
        assertThat(sneakers.getPeople()).containsExactly("husband");
        assertThat(sneakers.getEntities()).extracting(Entity::getText, Entity::getType)
                .contains(tuple("Charlie", "PET"));
    }

    @Test
    void typesPeoplePlacesEmailsNumbersAndOtherNamesWithoutDuplicates() {
        EnhancedMemory meeting =
                onlyMemoryOf("I'm meeting with Sarah at the Louvre in Paris tomorrow, Paris in spring!");
        EnhancedMemory contact = onlyMemoryOf("I have 2 kids and my email is bob@example.com.");
        EnhancedMemory languages = onlyMemoryOf("I love Python and Rust.");

        assertThat(meeting.getEntities()).containsExactly(new Entity("Sarah", "PERSON"), new Entity("Louvre", "PLACE"),
                new Entity("Paris", "PLACE"), new Entity("tomorrow", "DATE"), new Entity("in spring", "DATE"));
        assertThat(meeting.getPeople()).containsExactly("Sarah");
        assertThat(contact.getEntities())
                .containsExactly(new Entity("2", "NUMBER"), new Entity("bob@example.com", "EMAIL"));
        assertThat(languages.getEntities()).containsExactly(new Entity("Python", "THING"), new Entity("Rust", "THING"));
    }

    @Test
    void keepsTheUsersOwnNameAPersonButNotSomeoneMentioned() {
        EnhancedMemory memory = onlyMemoryOf("Hi, my name is Bob!");

        assertThat(memory.getSummary()).isEqualTo("User's name is Bob");
        assertThat(memory.getEntities()).containsExactly(new Entity("Bob", "PERSON"));
        assertThat(memory.getPeople()).isEmpty();
    }

    @Test
    void keepsTagsSortedDistinctAndAtMostTenWithTheCategory() {
        EnhancedMemory memory = onlyMemoryOf(
                "I'm visiting Rome, Paris, Berlin, Madrid, Lisbon, Vienna, Prague, Oslo, Athens and Dublin next week.");

        assertThat(memory.getTags()).hasSize(10).contains("plan").isSorted().doesNotHaveDuplicates();
        assertThat(memory.getTags()).allSatisfy(tag -> assertThat(tag).isLowerCase());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I live in Paris.                          | User lives in Paris",
        "I'm going to Rome next week.              | User is going to Rome next week",
        "I’m going to Rome next week.              | User is going to Rome next week",
        "I don't like olives.                      | User doesn't like olives",
        "I really enjoy hiking with my dog.        | User really enjoys hiking with User's dog",
        "I study chemistry and I watch birds.      | User studies chemistry and User watches birds",
        "I have two cats.                          | User has two cats",
        "I've been to Japan twice.                 | User has been to Japan twice",
        "I'll run the Berlin marathon in September. | User will run the Berlin marathon in September",
        "I'd love to visit Japan someday.          | User would love to visit Japan someday",
        "I moved to Lyon last year.                | User moved to Lyon last year",
        "Please remind me to call mom on Friday.   | User wants a reminder to call mom on Friday",
        "Call me Bobby.                            | User wants to be called Bobby",
        "My wife and me love sailing.              | User's wife and User love sailing",
    })
    void summarizesInTheThirdPerson(String content, String summary) {
        assertThat(onlyMemoryOf(content).getSummary()).isEqualTo(summary);
    }

    @Test
    void ignoresGreetingsThanksQuestionsAndVagueStatements() {
        assertThat(enrich("Hi!", "Hello there", "Thanks a lot!", "Do I like jazz?", "Do you like jazz?",
                "Where do I live?!", "Thanks, I love it!", "I need that.", "ok", "Thank you my friend!")).isEmpty();
    }

    @Test
    void ignoresAssistantSystemAndToolMessagesAndSessionEnds() {
        MessageBatch batch = batch(
                message("m1", "I live in Paris.").setRole(Role.ASSISTANT),
                message("m2", "I am a helpful assistant.").setRole(Role.SYSTEM),
                message("m3", "I work at the weather service.").setRole(Role.TOOL),
                message("m4", "I love jazz.").setType(MessageType.SESSION_END));

        assertThat(enricher.enrich(batch)).isEmpty();
    }

    @Test
    void givesAnEmptyListForABatchWithoutMessages() {
        assertThat(enricher.enrich(batchOf(List.of()))).isEmpty();
    }

    @Test
    void lowersConfidenceAndQualityForHedgedStatements() {
        EnhancedMemory hedged = onlyMemoryOf("I think I prefer tea over coffee.");
        EnhancedMemory plain = onlyMemoryOf("I prefer tea over coffee at breakfast.");
        EnhancedMemory maybe = onlyMemoryOf("Maybe I will visit Rome.");

        assertThat(hedged.getConfidence()).isEqualTo(0.4);
        assertThat(plain.getConfidence()).isEqualTo(0.6);
        assertThat(hedged.getQualityScore()).isEqualTo(plain.getQualityScore() - 1);
        assertThat(hedged.getSummary()).isEqualTo("User thinks User prefers tea over coffee");
        assertThat(maybe.getConfidence()).isEqualTo(0.4);
    }

    @Test
    void makesOneMemoryPerMemorableSentence() {
        List<EnhancedMemory> memories = enrich(
                "Hi! I live in Paris. My friend Dr. Smith lives in Rome.\nWhat about you? My dog Rex loves the park");

        assertThat(memories).extracting(EnhancedMemory::getContent).containsExactly(
                "I live in Paris.", "My friend Dr. Smith lives in Rome.", "My dog Rex loves the park");
        assertThat(memories).allSatisfy(memory -> assertThat(memory.getSourceMessageIds()).containsExactly("m1"));
    }

    @Test
    void deduplicatesWithinTheBatchKeepingTheFirstAndMergingItsSources() {
        Instant later = WRITTEN_AT.plusSeconds(60);
        List<EnhancedMemory> memories = enricher.enrich(batch(
                message("m1", "I live in Paris."),
                message("m2", "Still true: i live in  paris").setTimestamp(later),
                message("m3", "i LIVE in Paris!").setTimestamp(later)));

        assertThat(memories).hasSize(2);
        EnhancedMemory first = memories.get(0);
        assertThat(first.getContent()).isEqualTo("I live in Paris.");
        assertThat(first.getSourceMessageIds()).containsExactly("m1", "m3");
        assertThat(first.getFirstSeen()).isEqualTo(WRITTEN_AT);
        assertThat(first.getLastSeen()).isEqualTo(later);
        assertThat(first.getReinforcementCount()).isEqualTo(1);
        assertThat(memories.get(1).getContent()).isEqualTo("Still true: i live in  paris");
    }

    @Test
    void keepsAtMostFortyMemoriesPreferringTheMostImportantInTextOrder() {
        List<String> contents = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            contents.add("I collect old stamps from country number " + i + ".");
        }
        contents.add("I'm allergic to peanuts.");

        List<EnhancedMemory> memories = enrich(contents.toArray(String[]::new));

        assertThat(memories).hasSize(OfflineEnricher.MAX_MEMORIES_PER_BATCH);
        assertThat(memories.get(0).getContent()).isEqualTo("I collect old stamps from country number 1.");
        assertThat(memories.get(38).getContent()).isEqualTo("I collect old stamps from country number 39.");
        assertThat(memories.get(39).getContent()).isEqualTo("I'm allergic to peanuts.");
    }

    @Test
    void givesTheSameMemoriesForTheSameBatchEveryTime() {
        MessageBatch batch = batch(
                message("m1", "Hi! My sister Anna lives in Berlin. I'm visiting her next Friday at 7pm."),
                message("m2", "I love Python and I work at Acme Corp. Remind me to call Tom tomorrow."),
                message("m3", "I think I'm allergic to cats."));

        List<EnhancedMemory> first = enricher.enrich(batch);
        List<EnhancedMemory> second = new OfflineEnricher().enrich(batch);

        assertThat(first).hasSizeGreaterThanOrEqualTo(3).isEqualTo(second);
    }

    @Test
    void takesThePersonaFromMetadataThenTheAgentThenDefault() {
        String content = "I live in Paris.";
        ChatMessage.Builder withPersona = message("m1", content).setMetadata(Map.of("persona", "coach"));
        ChatMessage.Builder blankPersona = message("m1", content).setMetadata(Map.of("persona", " "))
                .setAgentId("agent-of-message");
        ChatMessage.Builder noAgent = message("m1", content).setAgentId(null);
        MessageBatch noAgentAnywhere = MessageBatch.newBuilder(batch(noAgent)).setAgentId(null).build();

        assertThat(enricher.enrich(batch(withPersona)).get(0).getPersona()).isEqualTo("coach");
        assertThat(enricher.enrich(batch(blankPersona)).get(0).getPersona()).isEqualTo("agent-of-message");
        assertThat(enricher.enrich(batch(noAgent)).get(0).getPersona()).isEqualTo(AGENT);
        assertThat(enricher.enrich(noAgentAnywhere).get(0).getPersona()).isEqualTo("default");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\n", "...", "?", "🙂🙂🙂", "I like 🍕.", "أنا أحب القهوة",
        "I'm allergic to 🥜", "I", "my", "I'm", "at 7pm tomorrow",
        "I like C++ in 9999 years at 99:99 on 2026-02-30."})
    void neverFailsOnOddContent(String content) {
        MessageBatch batch = batch(message("m1", content).setTimezone("Not/AZone"));

        assertThat(enricher.enrich(batch)).isEqualTo(enricher.enrich(batch));
    }

    @Test
    void skipsOverlongSentencesAndHandlesVeryLongMessages() {
        String wall = "I like " + "very ".repeat(20_000) + "long text";
        String repeated = "I like jazz. ".repeat(10_000);

        assertThat(enrich(wall)).isEmpty();
        assertThat(enrich(repeated)).extracting(EnhancedMemory::getContent).containsExactly("I like jazz.");
    }

    @Test
    void treatsAMessageWithoutContentAsNothingToRemember() {
        ChatMessage noContent = new ChatMessage("m1", SESSION, USER, AGENT, Role.USER, null, WRITTEN_AT, PARIS,
                MessageType.MESSAGE, Map.of());

        assertThat(enricher.enrich(batchOf(List.of(noContent)))).isEmpty();
    }

    @Test
    void recordsDatesWithTheirPhraseAsWritten() {
        EnhancedMemory memory = onlyMemoryOf("I'm flying to Tokyo on the 3rd of April at 9:15 a.m. with my boss.");

        assertThat(memory.getDates()).extracting(ResolvedDate::getText, ResolvedDate::getResolved)
                .containsExactly(tuple("the 3rd of April at 9:15 a.m.", "2026-04-03T09:15+02:00"));
        assertThat(memory.getPeople()).containsExactly("boss");
        assertThat(memory.getEntities()).extracting(Entity::getText)
                .containsExactly("Tokyo", "the 3rd of April at 9:15 a.m.");
    }
}
