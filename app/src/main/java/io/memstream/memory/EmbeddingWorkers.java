package io.memstream.memory;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Computes embeddings on a pool, several texts per call: texts submitted by any task of the app wait in one queue, and
 * each run on the pool takes up to {@code memory.embedding.batch.size} of them and embeds them with one
 * {@link Embedder#embedAll} call. While the pool is busy the queue fills, so the lists grow with the load and a lone
 * memory does not wait for company.
 */
final class EmbeddingWorkers {

    private final Embedder embedder;
    private final Executor pool;
    private final int batchSize;
    private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();
    private final Timer perEmbedding;
    private final DistributionSummary batches;

    private record Request(String text, CompletableFuture<float[]> embedding) {
    }

    EmbeddingWorkers(Embedder embedder, Executor pool, int batchSize, MeterRegistry registry) {
        this.embedder = embedder;
        this.pool = pool;
        this.batchSize = batchSize;
        this.perEmbedding = registry.timer(MetricNames.MEMORY_EMBEDDING, MetricNames.TAG_EMBEDDER, embedder.name());
        this.batches = registry.summary(MetricNames.MEMORY_EMBEDDING_BATCH, MetricNames.TAG_EMBEDDER, embedder.name());
    }

    String embedderName() {
        return embedder.name();
    }

    /** The embedding of {@code text}, computed on the pool after {@code delayMs} (a retry's backoff) or as soon as it can. */
    CompletableFuture<float[]> submit(String text, long delayMs) {
        Request request = new Request(text, new CompletableFuture<>());
        if (delayMs == 0) {
            waiting.add(request);
            pool.execute(this::embedWaiting);
        } else {
            CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, pool).execute(() -> {
                waiting.add(request);
                embedWaiting();
            });
        }
        return request.embedding();
    }

    /** One run on the pool: up to a batch of waiting texts, in one call; a failed call fails each of its texts. */
    private void embedWaiting() {
        List<Request> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize) {
            Request next = waiting.poll();
            if (next == null) {
                break;
            }
            // a memory whose task was closed meanwhile is no longer wanted here
            if (!next.embedding().isDone()) {
                batch.add(next);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<float[]> vectors;
        try {
            vectors = embedder.embedAll(batch.stream().map(Request::text).toList());
        } catch (RuntimeException e) {
            batch.forEach(request -> request.embedding().completeExceptionally(e));
            return;
        }
        long each = (System.nanoTime() - start) / batch.size();
        batches.record(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            perEmbedding.record(each, TimeUnit.NANOSECONDS);
            batch.get(i).embedding().complete(vectors.get(i));
        }
    }
}
