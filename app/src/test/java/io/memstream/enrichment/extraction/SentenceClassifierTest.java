package io.memstream.enrichment.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.memory.Embedder;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SentenceClassifierTest {

    /** A stand-in for the embedding model: one dimension per known word, so the test needs no model. */
    static final Embedder WORDS = new Embedder() {
        private final List<String> vocabulary = List.of("love", "like", "hate", "work", "job", "office", "hello");

        @Override
        public float[] embed(String text) {
            float[] vector = new float[vocabulary.size() + 1];
            vector[vocabulary.size()] = 1;
            for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
                int index = vocabulary.indexOf(word);
                if (index >= 0) {
                    vector[index] = 1;
                }
            }
            return vector;
        }

        @Override
        public String name() {
            return "words";
        }
    };

    static final List<LabelledSentence> EXAMPLES = List.of(
            new LabelledSentence("preference", "I love jazz"),
            new LabelledSentence("preference", "I hate olives"),
            new LabelledSentence("preference", "I like tea"),
            new LabelledSentence("work", "I work at a bank"),
            new LabelledSentence("work", "my job is at the office"),
            new LabelledSentence("none", "hello"));

    @Test
    void learnsTheLabelsOfItsExamples() {
        SentenceClassifier classifier = SentenceClassifier.trainedOn(EXAMPLES, WORDS);

        assertThat(classifier.labels()).containsExactly("none", "preference", "work");
        assertThat(best(classifier, "I love my cat")).isEqualTo("preference");
        assertThat(best(classifier, "my office is far")).isEqualTo("work");
        assertThat(best(classifier, "hello there")).isEqualTo("none");
    }

    @Test
    void trainsTheSameModelEveryTime() {
        double[] first = SentenceClassifier.trainedOn(EXAMPLES, WORDS).probabilities("I like my job");
        double[] second = SentenceClassifier.trainedOn(EXAMPLES, WORDS).probabilities("I like my job");

        assertThat(first).containsExactly(second);
    }

    private static String best(SentenceClassifier classifier, String sentence) {
        double[] p = classifier.probabilities(sentence);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return classifier.labels().get(best);
    }
}
