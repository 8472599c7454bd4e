package io.memstream.memory;

import io.memstream.config.EmbeddingSettings;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the memory stages need besides config: the embedder, the pool its calls run on, the supersede judge, and the
 * registry of the app instance they record on. The pool is created on first use and shared by every task of the app;
 * its threads are daemons, so it never keeps a stopping JVM alive. It also keeps the stages' own state that health
 * reads: how many memories wait for an embedding.
 */
public final class MemoryServices {

    private final Embedder embedder;
    private final SupersedeJudge judge;
    private final int threads;
    private final int batchSize;
    private final MeterRegistry registry;
    private final AtomicLong embeddingQueue = new AtomicLong();
    private Executor pool;
    private EmbeddingWorkers workers;

    /**
     * Services whose embeddings run on a pool of {@code threads} daemon threads (-1: one per core), up to
     * {@code batchSize} memories per call, or on the stream thread for 0 threads.
     */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, int threads, int batchSize, MeterRegistry registry) {
        this(embedder, judge, threads < 0 ? Runtime.getRuntime().availableProcessors() : threads, batchSize, null,
                registry);
    }

    /** Services whose embeddings run one memory at a time on the pool, or on the stream thread for 0 threads. */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, int threads, MeterRegistry registry) {
        this(embedder, judge, threads, 1, registry);
    }

    /** Services whose embeddings run on the given executor, up to {@code batchSize} per call (tests drive it by hand). */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, Executor executor, int batchSize,
                          MeterRegistry registry) {
        this(embedder, judge, -1, batchSize, executor, registry);
    }

    private MemoryServices(Embedder embedder, SupersedeJudge judge, int threads, int batchSize, Executor executor,
                           MeterRegistry registry) {
        this.embedder = embedder;
        this.judge = judge;
        this.threads = threads;
        this.batchSize = batchSize;
        this.pool = executor;
        this.registry = registry;
        Gauge.builder(MetricNames.MEMORY_EMBEDDING_QUEUE, embeddingQueue, AtomicLong::get).register(registry);
    }

    /** The services {@code memory.embedding.*} describe, with no judge (an LLM judge needs an LLM provider). */
    public static MemoryServices fromConfig(EmbeddingSettings settings, MeterRegistry registry) {
        return new MemoryServices(Embedders.fromConfig(settings, registry), SupersedeJudge.NONE, settings.threads(),
                settings.batchSize(), registry);
    }

    public Embedder embedder() {
        return embedder;
    }

    public SupersedeJudge judge() {
        return judge;
    }

    /** The registry of the app instance these services belong to, which the memory stages record on. */
    MeterRegistry registry() {
        return registry;
    }

    /** Memories waiting for an embedding, over every task of the app: counted by the embedders, read by health. */
    AtomicLong embeddingQueue() {
        return embeddingQueue;
    }

    /** How many memories wait for an embedding in this app instance now. */
    long queuedEmbeddings() {
        return embeddingQueue.get();
    }

    /** Where embeddings are computed, shared by every task; null when they are computed on the stream thread. */
    synchronized EmbeddingWorkers embeddingWorkers() {
        if (threads == 0) {
            return null;
        }
        if (workers == null) {
            workers = new EmbeddingWorkers(embedder, embeddingPool(), batchSize, registry);
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
