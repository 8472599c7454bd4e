package io.memstream.enrichment.queue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs enrichment calls off the stream threads, at most {@code maxInFlight} at once for the whole instance (every task
 * of every stream thread shares one dispatcher); further calls wait in submission order. A worker that finishes a
 * call takes the next waiting one itself, so the pool stays full between two punctuations of the stream threads.
 *
 * <p>A call whose future is cancelled before it starts is skipped. Threads are daemons, created on first use, and
 * stopped by {@link #close()}.
 */
public final class EnrichmentDispatcher implements AutoCloseable {

    private final int maxInFlight;
    private final Executor executor;
    private final ExecutorService owned;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;
    private boolean closed;

    /** A dispatcher with its own daemon threads. */
    public static EnrichmentDispatcher withThreads(int maxInFlight) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "memstream-enrichment-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return new EnrichmentDispatcher(maxInFlight, pool, pool);
    }

    /** A dispatcher that runs each call on the thread that submits it (offline-only chains, tests). */
    public static EnrichmentDispatcher direct(int maxInFlight) {
        return new EnrichmentDispatcher(maxInFlight, Runnable::run, null);
    }

    /** A dispatcher over a given executor, which the caller owns and shuts down. */
    public static EnrichmentDispatcher over(int maxInFlight, Executor executor) {
        return new EnrichmentDispatcher(maxInFlight, executor, null);
    }

    private EnrichmentDispatcher(int maxInFlight, Executor executor, ExecutorService owned) {
        this.maxInFlight = maxInFlight;
        this.executor = executor;
        this.owned = owned;
    }

    /** Schedules {@code work}; the future completes with its result, or exceptionally with what it threw. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable job = () -> {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        };
        boolean startNow;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the enrichment dispatcher is closed");
            }
            startNow = running < maxInFlight;
            if (startNow) {
                running++;
            } else {
                waiting.add(job);
            }
        }
        if (startNow) {
            executor.execute(() -> runFrom(job));
        }
        return result;
    }

    private void runFrom(Runnable first) {
        Runnable job = first;
        while (job != null) {
            try {
                job.run();
            } finally {
                synchronized (this) {
                    job = closed ? null : waiting.poll();
                    if (job == null) {
                        running--;
                    }
                }
            }
        }
    }

    /** Calls running now. */
    public synchronized int inFlight() {
        return running;
    }

    /** Calls submitted and not started yet. */
    public synchronized int waiting() {
        return waiting.size();
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
