package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The embedding pool takes the texts waiting together in one call, up to the batch size. */
class EmbeddingWorkersTest {

    private static final class ManualExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            new ArrayList<>(tasks).forEach(Runnable::run);
        }
    }

    @Test
    void takesUpToTheBatchSizeOfWaitingTextsPerCall() {
        ManualExecutor pool = new ManualExecutor();
        RecordingEmbedder model = new RecordingEmbedder();
        EmbeddingWorkers workers = new EmbeddingWorkers(model, pool, 2, new SimpleMeterRegistry());

        List<CompletableFuture<float[]>> embeddings = new ArrayList<>();
        for (String text : List.of("a", "bb", "ccc", "dddd", "eeeee")) {
            embeddings.add(workers.submit(text, 0));
        }
        pool.runAll();

        assertThat(model.calls).containsExactly(List.of("a", "bb"), List.of("ccc", "dddd"), List.of("eeeee"));
        assertThat(embeddings).extracting(CompletableFuture::join).containsExactly(model.vectorOf("a"), model.vectorOf("bb"),
                model.vectorOf("ccc"), model.vectorOf("dddd"), model.vectorOf("eeeee"));
    }

    @Test
    void aFailedCallFailsEachOfItsTextsAndNoOther() {
        ManualExecutor pool = new ManualExecutor();
        RecordingEmbedder model = new RecordingEmbedder(Set.of("boom"));
        EmbeddingWorkers workers = new EmbeddingWorkers(model, pool, 2, new SimpleMeterRegistry());

        CompletableFuture<float[]> first = workers.submit("boom", 0);
        CompletableFuture<float[]> second = workers.submit("fine", 0);
        CompletableFuture<float[]> third = workers.submit("later", 0);
        pool.runAll();

        assertThat(first).isCompletedExceptionally();
        assertThatThrownBy(second::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("endpoint busy");
        assertThat(third.join()).isEqualTo(model.vectorOf("later"));
    }

    @Test
    void skipsATextWhoseEmbeddingIsNoLongerWanted() {
        ManualExecutor pool = new ManualExecutor();
        RecordingEmbedder model = new RecordingEmbedder();
        EmbeddingWorkers workers = new EmbeddingWorkers(model, pool, 8, new SimpleMeterRegistry());

        workers.submit("closed task", 0).cancel(false);
        workers.submit("open task", 0);
        pool.runAll();

        assertThat(model.calls).containsExactly(List.of("open task"));
    }
}
