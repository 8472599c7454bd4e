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
    private Executor pool;

    /** Services whose embeddings run on a pool of {@code threads} daemon threads, or on the stream thread for 0. */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, int threads) {
        this.embedder = embedder;
        this.judge = judge;
        this.threads = threads;
    }

    /** Services whose embeddings run on the given executor (tests drive it by hand). */
    public MemoryServices(Embedder embedder, SupersedeJudge judge, Executor executor) {
        this.embedder = embedder;
        this.judge = judge;
        this.threads = -1;
        this.pool = executor;
    }

    /** The services {@code memory.embedding.*} describe, with no judge (an LLM judge needs an LLM provider). */
    public static MemoryServices fromConfig(MemstreamConfig config) {
        return new MemoryServices(Embedders.fromConfig(config), SupersedeJudge.NONE,
                config.getInt(MemstreamConfig.MEMORY_EMBEDDING_THREADS));
    }

    public Embedder embedder() {
        return embedder;
    }

    public SupersedeJudge judge() {
        return judge;
    }

    /** The embedding pool, or null when embeddings are computed on the stream thread. */
    public synchronized Executor embeddingPool() {
        if (threads == 0) {
            return null;
        }
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
