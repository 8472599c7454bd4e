package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ActivityTrackerTest {

    /** A clock the test moves. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-03-05T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void notesTheSampleTimeOnlyWhenACountGrew() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SteppedClock clock = new SteppedClock();
        ActivityTracker tracker = new ActivityTracker(registry, clock);
        tracker.sample();
        assertThat(tracker.lastBatchClosed()).isEmpty();
        assertThat(tracker.lastBatchClosedSeconds()).isNaN();

        Counter.builder(MetricNames.BATCHES_CLOSED).tag(MetricNames.TAG_CLOSED_BY, "IDLE").register(registry).increment();
        Instant closedAt = clock.now;
        tracker.sample();
        clock.now = clock.now.plusSeconds(60);
        tracker.sample();
        assertThat(tracker.lastBatchClosed()).contains(closedAt);
        assertThat(tracker.lastBatchProcessed()).isEmpty();

        Timer.builder(MetricNames.BATCH_PROCESSING).register(registry).record(Duration.ofMillis(5));
        tracker.sample();
        assertThat(tracker.lastBatchProcessed()).contains(clock.now);
        assertThat(tracker.lastBatchProcessedSeconds()).isEqualTo(clock.now.getEpochSecond());
    }
}
