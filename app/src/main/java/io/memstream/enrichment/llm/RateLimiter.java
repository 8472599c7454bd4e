package io.memstream.enrichment.llm;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most {@code permitsPerMinute} calls a minute, spread evenly: each call reserves the next free slot and is told
 * how long to wait for it. A limit of 0 means no limit. Thread-safe.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextFree;

    public RateLimiter(int permitsPerMinute, LongSupplier nanoTime) {
        this.intervalNanos = permitsPerMinute == 0 ? 0 : Duration.ofMinutes(1).toNanos() / permitsPerMinute;
        this.nanoTime = nanoTime;
        this.nextFree = nanoTime.getAsLong();
    }

    /** Reserves a slot; the caller waits the returned time before calling. */
    public synchronized Duration reserve() {
        if (intervalNanos == 0) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long slot = Math.max(now, nextFree);
        nextFree = slot + intervalNanos;
        return Duration.ofNanos(slot - now);
    }
}
