package io.memstream.enrichment.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

    private static List<String> split(String text) {
        return Sentences.split(text).stream().map(String::strip).toList();
    }

    @Test
    void splitsAtStopsAndLineBreaks() {
        assertThat(split("I live in Paris. I love it! Do you?\nSee you")).containsExactly(
                "I live in Paris.", "I love it!", "Do you?", "See you");
    }

    @Test
    void keepsNameInitialsAndAbbreviationsInTheirSentence() {
        assertThat(split("I love J.K. Rowling and George R. R. Martin. Dr. Smith agrees."))
                .containsExactly("I love J.K. Rowling and George R. R. Martin.", "Dr. Smith agrees.");
    }

    @Test
    void endsASentenceAfterThePronounI() {
        assertThat(split("So do I. Then we left.")).containsExactly("So do I.", "Then we left.");
    }
}
