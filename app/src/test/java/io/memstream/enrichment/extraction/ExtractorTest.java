package io.memstream.enrichment.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtractorTest {

    private final Extractor extractor = Extractor.standard();

    private List<Statement> of(String message) {
        return extractor.statements(message, null);
    }

    @Test
    void remembersFactsPhrasedInAnyWay() {
        assertThat(of("I am vegetarian and never eat meat.")).extracting(Statement::category)
                .containsExactly(Categories.PREFERENCE);
        assertThat(of("I keep my spare key under the blue flower pot.")).extracting(Statement::content)
                .containsExactly("I keep my spare key under the blue flower pot.");
        assertThat(of("Yesterday I adopted a cat named Miso.")).extracting(Statement::content)
                .containsExactly("Yesterday I adopted a cat named Miso.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "I love how you use it to tell your stories, it makes them come alive.",
        "I'd love to see one of the epic shots you got!",
        "I love this quote.",
        "I'll make sure to keep you updated.",
        "Thanks so much, that really helps!",
        "How was your weekend?",
        "Your garden looks amazing.",
        "Do I like jazz?",
        "Rumi I'm so sorry, work has been crazy.",
        "I know I'm the worst.",
        "hyvää joulua! say hi to your mom from me",
        "nice, tell Priya I said happy Diwali",
        "Anyway I'd better go, the baby is awake",
        "Ok going for a walk, bye!",
        "so much news lol",
        "wish me luck!!",
        "the dorm pizza!!! anyway I have a shift tonight, I'll text you this weekend",
        "we should all get brunch when you guys visit Madrid"})
    void skipsReactionsQuestionsComplimentsAndFiller(String message) {
        assertThat(of(message)).isEmpty();
    }

    @Test
    void keepsTheWordAfterAnOpenerUnlessItIsCapitalisedAsAName() {
        assertThat(of("yeah we moved to Lisbon in June, my partner got a job at the port."))
                .extracting(Statement::content).singleElement().asString().startsWith("we moved to Lisbon");
        assertThat(of("lol same, my alarm is at 5:30 every day and I hate it")).extracting(Statement::content)
                .containsExactly("my alarm is at 5:30 every day and I hate it");
        assertThat(of("no way, I quit my job at the bank and opened a bakery in Porto!")).extracting(Statement::content)
                .containsExactly("no way, I quit my job at the bank and opened a bakery in Porto!");
    }

    @Test
    void joinsANounPhraseOrPhrasesOfCircumstanceToTheStatementBefore() {
        assertThat(of("we adopted a dog last weekend! a greyhound called Pipoca who was rescued from a racing track."))
                .extracting(Statement::content).containsExactly(
                        "we adopted a dog last weekend! a greyhound called Pipoca who was rescued from a racing track.");
        assertThat(of("I proposed to Leena on Saturday!! at the lake, at sunrise, with a ring I made myself"))
                .extracting(Statement::content).containsExactly(
                        "I proposed to Leena on Saturday!! at the lake, at sunrise, with a ring I made myself");
    }

    @Test
    void keepsTheStatementBeforeAClauseOfChat() {
        assertThat(of("This weekend we're going camping at Yosemite with the kids, I can't wait to see their faces!"))
                .extracting(Statement::content)
                .containsExactly("This weekend we're going camping at Yosemite with the kids.");
        assertThat(of("ok I need to walk the dog, talk later")).isEmpty();
        assertThat(of("OK the Galway Bay swim is in five weeks, wish me luck")).hasSize(1);
        assertThat(of("I stopped eating meat a few years ago btw, so if you come I'm cooking veggie")).hasSize(1);
        assertThat(of("Definitely a farewell party sometime in September, I'll let everyone know"))
                .extracting(Statement::content)
                .containsExactly("Definitely a farewell party sometime in September, I'll let everyone know");
    }

    @Test
    void keepsAChainOfReferencesAsOneStatementFromItsStart() {
        assertThat(of("we moved in on the 7th! it's a two bedroom with a tiny balcony. I keep my bike in the second "
                + "bedroom and my partner calls it the cave")).extracting(Statement::content)
                .singleElement().asString().startsWith("we moved in on the 7th!");
    }

    @Test
    void holdsAStatementAboutSomeoneNamedToTheThresholdOfTheUsersOwn() {
        assertThat(of("Andre and his brother Marcus were at the finish with a sign that said run like there's free "
                + "cheese")).hasSize(1);
    }

    @Test
    void letsNoShortSentenceWhoseReferenceNothingResolvesLeadIntoTheNext() {
        assertThat(of("it really is. I keep the photo album on the shelf next to my bed"))
                .extracting(Statement::content)
                .containsExactly("I keep the photo album on the shelf next to my bed");
    }

    @Test
    void filesALossToldInThePastAsAnEventNeverAPlan() {
        Statement statement = of("Lost my job as a banker yesterday, so I'm gonna take a shot at starting my own "
                + "business.").get(0);

        assertThat(statement.category()).isEqualTo(Categories.EVENT);
        assertThat(statement.pastTense()).isTrue();
    }

    @Test
    void keepsAShortFollowUpWithTheStatementItContinues() {
        assertThat(of("I quit my job at the agency. Last day was the 15th.")).extracting(Statement::content)
                .containsExactly("I quit my job at the agency. Last day was the 15th.");
        assertThat(of("I finished the Berlin marathon on Sunday! 3:58, my knee held up."))
                .extracting(Statement::content)
                .containsExactly("I finished the Berlin marathon on Sunday! 3:58, my knee held up.");
    }

    @Test
    void aShortSentenceThatOpensWithTheUserIsAStatementOfItsOwn() {
        assertThat(of("I moved to Berlin. I love hiking in the Alps.")).extracting(Statement::content)
                .containsExactly("I moved to Berlin.", "I love hiking in the Alps.");
    }

    @Test
    void keepsASentenceThatLeavesOutItsSubjectWithTheStatementBefore() {
        assertThat(of("I'm allergic to shellfish now. found out last week at a work dinner, my throat got itchy."))
                .extracting(Statement::content)
                .containsExactly("I'm allergic to shellfish now. found out last week at a work dinner, my throat got "
                        + "itchy.");
    }

    @Test
    void keepsAVerdictWithTheStatementItJudges() {
        assertThat(of("I quit my bank job in March to paint full time. Scariest thing I've ever done."))
                .extracting(Statement::content)
                .containsExactly("I quit my bank job in March to paint full time. Scariest thing I've ever done.");
    }

    @Test
    void keepsAShortSentenceAloneOnlyWhenTheUserTellsSomethingOfThemself() {
        assertThat(of("I got the scholarship!")).extracting(Statement::content)
                .containsExactly("I got the scholarship!");
        assertThat(of("Eight including the kids")).isEmpty();
    }

    @Test
    void letsAShortSentenceLeadIntoTheStatementAfterIt() {
        assertThat(of("The deadline is Monday. The final interview would be in Lisbon if I pass."))
                .extracting(Statement::content)
                .containsExactly("The deadline is Monday. The final interview would be in Lisbon if I pass.");
    }

    @Test
    void keepsAFactOfTheUsersOwnBeforeARequest() {
        assertThat(of("I'm allergic to ibuprofen, can you tell me what else works for a headache?"))
                .extracting(Statement::content)
                .containsExactly("I'm allergic to ibuprofen.");
    }

    @Test
    void readsAStatementAfterAnOpenerThatSaysNothing() {
        assertThat(of("No it's fine, I love okra actually."))
                .extracting(Statement::content)
                .containsExactly("I love okra actually.");
    }

    @Test
    void dropsAConjunctionOrPleaseThatLinksTheStatementToTheChatBefore() {
        assertThat(of("Also my birthday is on March 3rd.")).extracting(Statement::content)
                .containsExactly("my birthday is on March 3rd.");
        assertThat(of("I will! Oh and I'm vegetarian now, I haven't eaten meat since January.")).extracting(Statement::content)
                .containsExactly("I'm vegetarian now, I haven't eaten meat since January.");
        assertThat(of("And Maria got the job at the museum!")).extracting(Statement::content)
                .containsExactly("And Maria got the job at the museum!");
    }

    @Test
    void joinsTheNameOfSomeoneToTheSentenceThatIntroducedThem() {
        assertThat(of("I met someone at the book fair. Her name is Ilse, she restores old maps in Ghent."))
                .extracting(Statement::content)
                .containsExactly("I met someone at the book fair. Her name is Ilse, she restores old maps in Ghent.");
    }

    @Test
    void skipsARequestToTheOtherPartyAndItsContext() {
        assertThat(of("we haven't settled on a venue yet, can you give me a rough budget for 50 guests?")).isEmpty();
    }

    @Test
    void keepsAStatementThatEndsInAQuestionBack() {
        assertThat(of("My partner and I want to adopt a dog this year, any tips?")).hasSize(1);
    }

    @Test
    void filesABookingToldInThePastAsAPlan() {
        assertThat(of("We booked a week in a cottage in Cornwall for August.")).extracting(Statement::category)
                .containsExactly(Categories.PLAN);
    }

    @Test
    void filesAMilestoneOfTheCareerAsWork() {
        assertThat(of("I started at the city library as a junior archivist in March.")).extracting(Statement::category)
                .containsExactly(Categories.WORK);
    }

    @Test
    void filesAnIntentionAsAPlan() {
        Statement statement = of("I'm planning to open a small bakery next spring.").get(0);

        assertThat(statement.category()).isEqualTo(Categories.PLAN);
        assertThat(statement.pastTense()).isFalse();
    }

    @Test
    void joinsASentenceWhoseReferenceTheSentenceBeforeNames() {
        assertThat(of("I read Dune by Frank Herbert last month. It completely changed how I see deserts."))
                .extracting(Statement::content)
                .containsExactly("I read Dune by Frank Herbert last month. It completely changed how I see deserts.");
    }

    @Test
    void keepsTheNameOfTheOneSpokenToInTheStatement() {
        assertThat(of("Hey Ngozi, I passed my driving test on Saturday!!")).extracting(Statement::content)
                .containsExactly("Ngozi, I passed my driving test on Saturday!!");
        assertThat(of("Oh wow, I passed my driving test on Saturday!!")).extracting(Statement::content)
                .containsExactly("I passed my driving test on Saturday!!");
    }

    @Test
    void dropsAReferenceThatNothingResolves() {
        assertThat(of("I can't stop thinking about it.")).isEmpty();
    }

    @Test
    void resolvesAReferenceFromTheQuestionTheMessageAnswers() {
        List<Statement> statements = extractor.statements("I still go there almost every day.",
                "Nice! Do you still run in the park by the river?");

        assertThat(statements).extracting(Statement::content, Statement::answers)
                .containsExactly(tuple("I still go there almost every day.",
                        "Do you still run in the park by the river?"));
    }

    @Test
    void filesAConditionAsHealthAndARoutineAsPersonalInfo() {
        assertThat(of("I'm allergic to peanuts, so no Thai places please.")).extracting(Statement::category)
                .containsExactly(Categories.HEALTH);
        assertThat(of("I usually go running in the park on weekends.")).extracting(Statement::category)
                .doesNotContain(Categories.PLAN);
    }

    @Test
    void saysWhichQuestionASentenceAboutSomeoneUnnamedAnswers() {
        assertThat(extractor.statements("She loves modern art and old photography.",
                "Would you like some ideas for your sister Anna's visit?"))
                .extracting(Statement::answers)
                .containsExactly("Would you like some ideas for your sister Anna's visit?");
    }

    @Test
    void keepsAFragmentWithTheStatementItCompletes() {
        assertThat(of("I ran my first marathon in Valencia on Sunday! 3 hours 58 minutes."))
                .extracting(Statement::content)
                .containsExactly("I ran my first marathon in Valencia on Sunday! 3 hours 58 minutes.");
    }

    @Test
    void keepsANameWithInitialsInOneStatement() {
        assertThat(of("My favourite author is J.K. Rowling, I have read every book she wrote."))
                .extracting(Statement::content)
                .containsExactly("My favourite author is J.K. Rowling, I have read every book she wrote.");
    }

    @Test
    void givesTheSameStatementsEveryTime() {
        String message = "Hey! We moved to Porto in May. My sister Ana visits next week. I hate the rain here though.";

        assertThat(of(message)).isEqualTo(of(message)).isNotEmpty();
    }
}
