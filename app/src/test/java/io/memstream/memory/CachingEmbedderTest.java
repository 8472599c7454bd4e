package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding cache: a text already embedded is not embedded again. */
class CachingEmbedderTest {

    @Test
    void embedsTheSameTextOnce() {
        RecordingEmbedder model = new RecordingEmbedder();
        CachingEmbedder cached = new CachingEmbedder(model, 100);

        float[] first = cached.embed("I live in Paris.");
        float[] second = cached.embed("I live in Paris.");

        assertThat(second).isSameAs(first);
        assertThat(model.calls).containsExactly(List.of("I live in Paris."));
    }

    @Test
    void asksTheModelOnlyForTheTextsItHasNotSeenEachOnceAndAnswersInTheOrderAsked() {
        RecordingEmbedder model = new RecordingEmbedder();
        CachingEmbedder cached = new CachingEmbedder(model, 100);
        cached.embed("known");

        List<float[]> vectors = cached.embedAll(List.of("new one", "known", "new one", "other"));

        assertThat(model.calls).containsExactly(List.of("known"), List.of("new one", "other"));
        assertThat(vectors).containsExactly(model.vectorOf("new one"), model.vectorOf("known"), model.vectorOf("new one"),
                model.vectorOf("other"));
    }

    @Test
    void isKeyedByTheExactText() {
        RecordingEmbedder model = new RecordingEmbedder();
        CachingEmbedder cached = new CachingEmbedder(model, 100);

        cached.embed("I live in Paris.");
        cached.embed("I live in Paris");
        cached.embed("i live in paris.");

        assertThat(model.calls).hasSize(3);
    }
}
