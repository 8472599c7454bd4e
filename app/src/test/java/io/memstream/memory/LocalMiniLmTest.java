package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process model with its own ONNX session gives the vectors langchain4j's own session gives. */
class LocalMiniLmTest {

    private static final List<String> SENTENCES = List.of(
            "I have a meeting with Erik tomorrow.",
            "Customer prefers express shipping for all orders",
            "My sister Anna is coming to visit on Sunday, and we are going to the old town of Lisbon together.",
            "ok");

    @Test
    void embedsEachTextAsLangchain4jsModelDoes() {
        LocalMiniLm local = LocalMiniLm.load();
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();

        for (String sentence : SENTENCES) {
            float[] ours = local.embed(sentence).content().vector();
            float[] theirs = reference.embed(sentence).content().vector();
            assertThat(cosine(ours, theirs)).as(sentence).isGreaterThan(0.99999);
        }
    }

    @Test
    void embedsAListInItsOrder() {
        LocalMiniLm local = LocalMiniLm.load();

        var all = local.embedAll(SENTENCES.stream().map(TextSegment::from).toList()).content();

        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(cosine(all.get(i).vector(), local.embed(SENTENCES.get(i)).content().vector()))
                    .as(SENTENCES.get(i)).isGreaterThan(0.99999);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
