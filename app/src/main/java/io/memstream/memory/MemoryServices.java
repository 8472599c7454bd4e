package io.memstream.memory;

import io.memstream.config.MemstreamConfig;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the memory stages need besides config: the embedder, the pool its calls run on, and the supersede judge.
 * The pool is created on first use and shared by every task of the app; its threads are daemons, so it never keeps
 * a stopping JVM alive.
 */
public final class MemoryServices {

    private final Embedder embedder;
    private final SupersedeJudge judge;
    private final int threads;
    private final int batchSize;
    private Executor pool;
    private EmbeddingWorkers workers;

    /**
     * Services whose embeddings run on a pool of {@code threads} daemon threads (-1: one per core), up to
     * {@code batchSize} memories per call, or on the stream thread for 0 threads.
     */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, int threads, int batchSize) {
        this.embedder = embedder;
        this.judge = judge;
        this.threads = threads < 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.batchSize = batchSize;
    }

    /** Services whose embeddings run one memory at a time on the pool, or on the stream thread for 0 threads. */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, int threads) {
        this(embedder, judge, threads, 1);
    }

    /** Services whose embeddings run on the given executor, up to {@code batchSize} per call (tests drive it by hand). */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, Executor executor, int batchSize) {
        this.embedder = embedder;
        this.judge = judge;
        this.threads = -1;
        this.batchSize = batchSize;
        this.pool = executor;
    }

    /** The services {@code memory.embedding.*} describe, with no judge (an LLM judge needs an LLM provider). */
    public static MemoryServices fromConfig(MemstreamConfig config) {
        return new MemoryServices(Embedders.fromConfig(config), SupersedeJudge.NONE,
                config.getInt(MemstreamConfig.MEMORY_EMBEDDING_THREADS),
                config.getInt(MemstreamConfig.MEMORY_EMBEDDING_BATCH_SIZE));
    }

    public Embedder embedder() {
        return embedder;
    }

    public SupersedeJudge judge() {
        return judge;
    }

    /** Where embeddings are computed, shared by every task; null when they are computed on the stream thread. */
    synchronized EmbeddingWorkers embeddingWorkers() {
        if (threads == 0) {
            return null;
        }
        if (workers == null) {
            workers = new EmbeddingWorkers(embedder, embeddingPool(), batchSize);
        }
        return workers;
    }

    private Executor embeddingPool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, "memstream-embedder-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return pool;
    }
}
