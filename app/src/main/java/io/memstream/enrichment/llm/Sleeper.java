package io.memstream.enrichment.llm;

import java.time.Duration;

/** How a worker thread waits for a backoff or a rate-limit slot; tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps for real. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;
}
