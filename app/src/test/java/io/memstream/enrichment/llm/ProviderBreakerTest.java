package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.memstream.ops.OutageLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProviderBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final OutageLog outages = new OutageLog(LoggerFactory.getLogger(ProviderBreakerTest.class), "provider p",
            "batches wait", now::get);
    private final ProviderBreaker breaker = new ProviderBreaker("p", 3, Duration.ofSeconds(10), now::get, outages,
            new SimpleMeterRegistry());

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure(0, new IllegalStateException("connection refused"));
        }
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailures() {
        fail(2);
        breaker.tryAcquire();
        breaker.onSuccess(0);
        fail(2);
        assertThat(breaker.state()).as("a success resets the count").isEqualTo(CircuitBreaker.State.CLOSED);
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.untilProbe()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void halfOpenLetsExactlyOneProbeThrough() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("a second call while the probe runs").isFalse();
        breaker.onSuccess(0);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedProbeOpensTheBreakerForAnotherPeriod() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        fail(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.untilProbe()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anOutageLastsFromOpeningToClosingThroughFailedProbes() {
        fail(3);
        assertThat(outages.isDown()).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        fail(1);
        assertThat(outages.isDown()).as("a failed probe is the same outage").isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess(0);
        assertThat(outages.isDown()).isFalse();
    }

    @Test
    void aSlowAnswerIsNoFailure() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onSuccess(Duration.ofMinutes(5).toNanos());
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theGaugeShowsClosedHalfOpenAndOpenAsZeroOneTwo() {
        assertThat(breaker.gaugeValue()).isZero();
        fail(3);
        assertThat(breaker.gaugeValue()).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.gaugeValue()).isEqualTo(1);
    }
}
