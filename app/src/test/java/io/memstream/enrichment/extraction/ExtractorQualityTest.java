package io.memstream.enrichment.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.memory.Embedders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Recall and precision of the extractor on sentences it was not trained on: every fifth labelled sentence is held
 * out, the extractor is trained on the others. A sentence counts as remembered when it gives a statement.
 */
class ExtractorQualityTest {

    private static final int FOLD = 5;

    @Test
    void remembersMemorableSentencesItWasNotTrainedOnAndSkipsTheRest() {
        List<LabelledSentence> all = LabelledSentence.training();
        List<LabelledSentence> training = new ArrayList<>();
        List<LabelledSentence> heldOut = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % FOLD == 0 ? heldOut : training).add(all.get(i));
        }
        Extractor extractor = Extractor.trainedOn(training, Embedders.local());

        int memorable = 0;
        int remembered = 0;
        int kept = 0;
        int rightlyKept = 0;
        int rightCategory = 0;
        for (LabelledSentence example : heldOut) {
            List<Statement> statements = extractor.statements(example.sentence(), null);
            boolean isMemory = !LabelledSentence.NONE.equals(example.label());
            memorable += isMemory ? 1 : 0;
            if (!statements.isEmpty()) {
                kept++;
                if (isMemory) {
                    rightlyKept++;
                    remembered++;
                    rightCategory += statements.get(0).category().equals(example.label()) ? 1 : 0;
                }
            }
        }
        double recall = (double) remembered / memorable;
        double precision = (double) rightlyKept / kept;
        System.out.printf(Locale.ROOT, "held-out sentences %d: recall %.3f (%d/%d), precision %.3f (%d/%d), "
                        + "category %.3f (%d/%d)%n", heldOut.size(), recall, remembered, memorable, precision,
                rightlyKept, kept, (double) rightCategory / remembered, rightCategory, remembered);

        assertThat(recall).isGreaterThanOrEqualTo(0.85);
        assertThat(precision).isGreaterThanOrEqualTo(0.85);
    }
}
