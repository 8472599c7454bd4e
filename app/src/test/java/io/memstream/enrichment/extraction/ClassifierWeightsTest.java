package io.memstream.enrichment.extraction;

import static io.memstream.enrichment.extraction.SentenceClassifierTest.EXAMPLES;
import static io.memstream.enrichment.extraction.SentenceClassifierTest.WORDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.memory.Embedders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassifierWeightsTest {

    private static final List<String> SENTENCES = List.of("I like my job", "hello", "I hate the office");

    @Test
    void weightsReadBackClassifyAsTheClassifierTheyWereWrittenFrom() throws Exception {
        SentenceClassifier trained = SentenceClassifier.trainedOn(EXAMPLES, WORDS);
        String fingerprint = SentenceClassifier.fingerprint(EXAMPLES, WORDS.name());

        SentenceClassifier read = ClassifierWeights.read(written(trained, fingerprint), fingerprint, WORDS).orElseThrow();

        assertThat(read.labels()).isEqualTo(trained.labels());
        for (String sentence : SENTENCES) {
            assertThat(read.probabilities(sentence)).containsExactly(trained.probabilities(sentence));
        }
    }

    @Test
    void weightsOfAnotherTrainingAreNotUsed() throws Exception {
        SentenceClassifier trained = SentenceClassifier.trainedOn(EXAMPLES, WORDS);
        List<LabelledSentence> moreExamples = new ArrayList<>(EXAMPLES);
        moreExamples.add(new LabelledSentence("work", "I quit my job"));

        Optional<SentenceClassifier> read = ClassifierWeights.read(
                written(trained, SentenceClassifier.fingerprint(EXAMPLES, WORDS.name())),
                SentenceClassifier.fingerprint(moreExamples, WORDS.name()), WORDS);

        assertThat(read).isEmpty();
        assertThat(SentenceClassifier.fingerprint(EXAMPLES, "another/model"))
                .isNotEqualTo(SentenceClassifier.fingerprint(EXAMPLES, WORDS.name()));
    }

    @Test
    void theBuildShipsTheWeightsOfTheStandardTraining() {
        SentenceClassifier shipped = ClassifierWeights.shipped(Embedders.local()).orElseThrow(() -> new AssertionError(
                ClassifierWeights.RESOURCE + " of this training is not on the class path: the build's train-classifier step did not run"));
        SentenceClassifier trainedNow = SentenceClassifier.trainedOn(LabelledSentence.training(), Embedders.local());

        assertThat(shipped.labels()).isEqualTo(trainedNow.labels());
        for (String sentence : List.of("I moved to Lisbon last year.", "lol ok", "My sister Ana is a nurse.")) {
            assertThat(shipped.probabilities(sentence)).containsExactly(trainedNow.probabilities(sentence));
        }
    }

    private static ByteArrayInputStream written(SentenceClassifier classifier, String fingerprint) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClassifierWeights.write(classifier, fingerprint, out);
        return new ByteArrayInputStream(out.toByteArray());
    }
}
