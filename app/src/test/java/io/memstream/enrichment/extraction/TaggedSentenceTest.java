package io.memstream.enrichment.extraction;

import static org.assertj.core.api.Assertions.assertThat;

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
}
