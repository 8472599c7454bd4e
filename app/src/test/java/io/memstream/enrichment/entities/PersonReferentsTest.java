package io.memstream.enrichment.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.enrichment.entities.PersonReferents.Referent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonReferentsTest {

    @Test
    void resolvesHeToTheNameOfTheLatestSentenceThatMentionsAPerson() {
        assertThat(PersonReferents.of("He's moving to Lyon for a job.",
                List.of("Theo and I broke up in May.", "I'm fine now. It was mutual.")))
                .contains(new Referent("He", "Theo"));
    }

    @Test
    void takesTheRelationWhenTheContextNamesNobody() {
        assertThat(PersonReferents.of("She moved back to Graz last month.", List.of("My mum had hip surgery.")))
                .contains(new Referent("She", "mum"));
    }

    @Test
    void prefersTheNameOverTheRelationItIsLinkedTo() {
        assertThat(PersonReferents.of("She loves karaoke.", List.of("My sister Ines is getting married.")))
                .contains(new Referent("She", "Ines"));
    }

    @Test
    void passesOverASentenceThatItselfOpensWithAPronoun() {
        assertThat(PersonReferents.of("I helped him pick the ring.",
                List.of("How's Bruno?", "He finally proposed to Carla last weekend.")))
                .contains(new Referent("him", "Bruno"));
    }

    @Test
    void takesTheRelationANameOwnsRatherThanTheName() {
        assertThat(PersonReferents.of("she wants to invite 40 cousins.",
                List.of("has Callum's mum calmed down about the guest list?")))
                .contains(new Referent("she", "mum"));
    }

    @Test
    void takesNoPersonBeforeTheOneAQuestionAsksAfterWhenNothingSaysTheyAreAPerson() {
        assertThat(PersonReferents.of("she's huge now and litter trained.",
                List.of("the physio was a miracle worker.", "how's Clover?"))).isEmpty();
    }

    @Test
    void takesNoPersonForAPronounAfterASubjectOfNoKnownKindInItsOwnStatement() {
        assertThat(PersonReferents.of("Pickle is thriving, she's gotten huge.",
                List.of("My doctor said my palpitations are from the coffee."))).isEmpty();
    }

    @Test
    void takesNoPersonForAPronounAfterAPet() {
        assertThat(PersonReferents.of("She's gotten huge.",
                List.of("Jolene says hi.", "We adopted a kitten named Pickle."))).isEmpty();
    }

    @Test
    void takesNoPersonBeforeASentenceWhoseSubjectIsANameOfNoKnownKind() {
        assertThat(PersonReferents.of("She's fine, just sulking.",
                List.of("Grandma Odile says hi.", "Pimenta ate a whole bee yesterday."))).isEmpty();
    }

    @Test
    void readsATitleOrInitialsAsPartOfTheNameNotTheEndOfASentence() {
        assertThat(PersonReferents.of("She took the lab to a jazz bar.", List.of("Nice. Is Dr. Kim nice?")))
                .contains(new Referent("She", "Dr. Kim"));
        assertThat(PersonReferents.of("He's back for the holidays.", List.of("T.J. from your lab? I thought so.")))
                .contains(new Referent("He", "T.J."));
    }

    @Test
    void takesNoPersonForAPronounThatDoesWhatOnlyAnimalsDo() {
        assertThat(PersonReferents.of("She's a dream, except she barks at the postman.",
                List.of("How's Lucy settling in?"))).isEmpty();
        assertThat(PersonReferents.of("She's a dream, except she snores.", List.of("How's Lucy settling in?")))
                .contains(new Referent("She", "Lucy"));
    }

    @Test
    void leavesThePronounOpenWhenTheLatestPersonIsAmbiguousOrAGroup() {
        assertThat(PersonReferents.of("He was late.", List.of("Theo called.", "Ana and Ben came over."))).isEmpty();
        assertThat(PersonReferents.of("She was late.", List.of("My parents visited."))).isEmpty();
    }

    @Test
    void needsNoContextWhenThePronounFollowsAPersonOrPetOfItsOwnSentence() {
        List<String> context = List.of("My boss Theo called.");

        assertThat(PersonReferents.of("Josh moved in and he cooks every night.", context)).isEmpty();
        assertThat(PersonReferents.of("Our dog Rex is 3 and he loves sticks.", context)).isEmpty();
    }

    @Test
    void readsHisOrHerBeforeARelationOrANameAsNoReferent() {
        List<String> context = List.of("Karim is visiting next week.");

        assertThat(PersonReferents.of("His mother is diabetic.", context)).isEmpty();
        assertThat(PersonReferents.of("His name is Omar and he's a pilot.", context)).isEmpty();
        assertThat(PersonReferents.of("His birthday is in May.", context)).contains(new Referent("His", "Karim"));
    }

    @Test
    void skipsTheNameOfTheOneSpokenTo() {
        assertThat(PersonReferents.of("He's moving out.", List.of("Theo and I broke up.", "Oh no, Maya. Are you ok?")))
                .contains(new Referent("He", "Theo"));
    }

    @Test
    void looksBackOnlyABoundedNumberOfSentences() {
        List<String> context = new ArrayList<>(List.of("Theo called."));
        context.addAll(Collections.nCopies(PersonReferents.LOOK_BACK_SENTENCES, "The weather was nice."));

        assertThat(PersonReferents.of("He was late.", context)).isEmpty();
        assertThat(PersonReferents.of("He was late.", context.subList(0, PersonReferents.LOOK_BACK_SENTENCES)))
                .contains(new Referent("He", "Theo"));
    }

    @Test
    void resolvesAPronounOverAFullLookBackInUnderAMillisecondOfProcessorTimeOnAverage() {
        List<String> context = new ArrayList<>(List.of("My sister Ines is getting married in Porto next month."));
        context.addAll(Collections.nCopies(PersonReferents.LOOK_BACK_SENTENCES - 1, "The weather was nice today."));
        for (int warmUp = 0; warmUp < 1_000; warmUp++) {
            PersonReferents.of("She loves karaoke and hates clubs.", context);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = 1_000;
        long started = threads.getCurrentThreadCpuTime();
        for (int round = 0; round < rounds; round++) {
            PersonReferents.of("She loves karaoke and hates clubs.", context);
        }
        double micros = (threads.getCurrentThreadCpuTime() - started) / 1_000.0 / rounds;
        System.out.printf("Person referents: %.1f microseconds of processor time per pronoun%n", micros);

        assertThat(micros).isLessThan(1_000);
    }

    @Test
    void findsNothingWithoutAThirdPersonPronoun() {
        assertThat(PersonReferents.of("I'm moving to Lyon.", List.of("Theo called."))).isEmpty();
    }
}
