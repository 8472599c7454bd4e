package io.memstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class TenseTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "I went hiking on Saturday                  | PAST",
        "It was great                               | PAST",
        "We were in Rome in May                     | PAST",
        "Did you know I had a dog?                  | PAST",
        "We hiked up the hill on Saturday           | PAST",
        "I finally finished the book on the 17th    | PAST",
        "She started her new job                    | PAST",
        "My sister visited two weeks ago            | PAST",
        "Yesterday was my birthday                  | PAST",
        "Theo and I broke up                        | PAST",
        "Daifuku chewed my badge                    | PAST",
        "Kenji and Aya visited                      | PAST",
        "my grandma passed away on the 26th         | PAST",
        "I tore my hamstring in March               | PAST",
        "I quit the agency in July                  | PAST",
        "we have a concert on the 29th              | PRESENT_OR_FUTURE",
        "there's a market on Friday                 | PRESENT_OR_FUTURE",
        "I have a scar since I broke my arm in May  | PAST",
        "Our detailed plan is ready                 | PRESENT_OR_FUTURE",
        "I'm excited about the trip                 | PRESENT_OR_FUTURE",
        "I'm hiking on Saturday                     | PRESENT_OR_FUTURE",
        "I will go on Saturday                      | PRESENT_OR_FUTURE",
        "We'll meet in May                          | PRESENT_OR_FUTURE",
        "I'm going to Rome in May                   | PRESENT_OR_FUTURE",
        "I was gonna call her on Friday             | PRESENT_OR_FUTURE",
        "I booked a table for Saturday              | PRESENT_OR_FUTURE",
        "I got the job, I start on December 1       | PRESENT_OR_FUTURE",
        "My exam is on the 17th                     | PRESENT_OR_FUTURE",
        "She said yes, starting in August           | PRESENT_OR_FUTURE",
        "A bookshop asked me to read on November 9  | PRESENT_OR_FUTURE",
        "I love the red one                         | PRESENT_OR_FUTURE",
        "I need a bed                               | PRESENT_OR_FUTURE",
    })
    void guessesThePastFromPastCuesUnlessAFutureCueIsThere(String sentence, Tense expected) {
        assertThat(Tense.of(sentence)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void readsNoSentenceAsPresentOrFuture(String sentence) {
        assertThat(Tense.of(sentence)).isEqualTo(Tense.PRESENT_OR_FUTURE);
    }
}
