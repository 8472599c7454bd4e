package io.memstream.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * When this instance last closed a batch and last finished enriching one, for {@code /health/processor} and the
 * {@code memstream_batches_last_*_timestamp_seconds} gauges. It watches the counters the stages already record
 * rather than asking them to keep one more field: {@link #sample()} notes the time whenever a count has grown, so
 * the answer is exact to the sampling interval (one second in the ops server).
 */
public final class ActivityTracker {

    private final MeterRegistry registry;
    private final Clock clock;
    private double closedSeen;
    private double processedSeen;
    private volatile Instant lastClosed;
    private volatile Instant lastProcessed;

    public ActivityTracker(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Looks at the counts once; call it periodically. */
    public synchronized void sample() {
        double closed = registry.find(MetricNames.BATCHES_CLOSED).counters().stream().mapToDouble(Counter::count).sum();
        double processed = registry.find(MetricNames.BATCH_PROCESSING).timers().stream().mapToDouble(Timer::count).sum();
        Instant now = clock.instant();
        if (closed > closedSeen) {
            lastClosed = now;
        }
        if (processed > processedSeen) {
            lastProcessed = now;
        }
        closedSeen = closed;
        processedSeen = processed;
    }

    public Optional<Instant> lastBatchClosed() {
        return Optional.ofNullable(lastClosed);
    }

    public Optional<Instant> lastBatchProcessed() {
        return Optional.ofNullable(lastProcessed);
    }

    /** Seconds since the epoch of the last batch closed, NaN if none yet (what the gauge shows). */
    double lastBatchClosedSeconds() {
        return lastClosed == null ? Double.NaN : lastClosed.toEpochMilli() / 1000.0;
    }

    double lastBatchProcessedSeconds() {
        return lastProcessed == null ? Double.NaN : lastProcessed.toEpochMilli() / 1000.0;
    }
}
