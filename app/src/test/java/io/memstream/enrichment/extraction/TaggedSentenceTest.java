package io.memstream.enrichment.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaggedSentenceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I went hiking on Saturday.                      | true",
        "Lost my job yesterday, so I'm gonna start over. | true",
        "We were in Rome last week.                      | true",
        "I'm going to Paris next month.                  | false",
        "I've decided to learn the cello.                | false",
        "I live in Berlin.                               | false",
        "She works at a bank.                            | false"})
    void tellsTheSimplePastFromOtherTenses(String sentence, boolean past) {
        assertThat(Tagger.tag(sentence).isPastTense()).isEqualTo(past);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I love it.                                  | true",
        "I love this quote.                          | true",
        "I can't stand that.                         | true",
        "I went there last year.                     | true",
        "I bought a camera and I love it.            | false",
        "The book that I read was long.              | false",
        "There is a park near my house.              | false",
        "It's hard to find time for running.         | false",
        "I love this weekend's weather.              | false"})
    void findsReferencesTheSentenceDoesNotResolve(String sentence, boolean unresolved) {
        assertThat(Tagger.tag(sentence).hasUnresolvedReference()).isEqualTo(unresolved);
    }

    private static final Map<String, Predicate<TaggedSentence>> SHAPES = Map.of(
            "appositive", TaggedSentence::isAppositive,
            "circumstance", TaggedSentence::isCircumstance,
            "named subject", TaggedSentence::opensWithAPerson,
            "unnamed person", TaggedSentence::hasUnnamedPerson);

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "appositive     | a greyhound called Pipoca who was rescued from a track. | true",
        "appositive     | a tiny flat that gets the morning sun.                  | true",
        "appositive     | a dog bit me yesterday.                                 | false",
        "appositive     | the greyhound is called Pipoca.                         | false",
        "circumstance   | at the cottage, at sunrise, with a ring I made myself   | true",
        "circumstance   | in the rain, with no umbrella                           | true",
        "circumstance   | In 2019, I moved to Berlin                              | false",
        "circumstance   | At work we have a new boss                              | false",
        "named subject  | Andre and his brother Marcus were at the finish         | true",
        "named subject  | Osas still works at the bank                            | true",
        "named subject  | Tess, my grandma passed away                            | false",
        "named subject  | My sister lives in Porto                                | false",
        "unnamed person | she loves modern art                                    | true",
        "unnamed person | they're staying in Dhaka until June                     | true",
        "unnamed person | Ana says she loves modern art                           | false"})
    void readsHowAChatSentenceIsBuilt(String shape, String sentence, boolean expected) {
        assertThat(SHAPES.get(shape).test(Tagger.tag(sentence))).isEqualTo(expected);
    }
}
