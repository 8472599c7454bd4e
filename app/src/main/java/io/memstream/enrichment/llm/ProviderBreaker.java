package io.memstream.enrichment.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.memstream.ops.MetricNames;
import io.memstream.ops.OutageLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A provider's circuit breaker: resilience4j's, set so that {@code failures} consecutive failed calls open it (a
 * count-based window of that many calls, every one failed), it stays open for {@code openFor}, then lets exactly one
 * probe call through: its success closes the breaker, its failure opens it again for another {@code openFor}.
 *
 * <p>Around it, what resilience4j leaves to its user. Opening from CLOSED starts an outage of the provider in its
 * {@link OutageLog} and closing ends it; a failed probe is the same outage going on. Each transition is counted. And an
 * open breaker whose time is up reads HALF_OPEN at once, on the provider's clock: resilience4j moves it only when
 * the next call asks (or from a scheduler thread of its own, on the real clock), so the state gauge and /health/llm
 * would say OPEN of a breaker that already lets its probe through.
 *
 * <p>Every call let through must end in {@link #onSuccess} or {@link #onFailure}, or a half-open breaker would wait
 * for its probe forever. Thread-safe.
 */
public final class ProviderBreaker {

    private final String provider;
    private final int failures;
    private final long openForNanos;
    private final LongSupplier nanoTime;
    private final OutageLog outages;
    private final MeterRegistry registry;
    private final CircuitBreaker breaker;
    private long openedAt;
    private String lastFailure;

    ProviderBreaker(String provider, int failures, Duration openFor, LongSupplier nanoTime, OutageLog outages,
                    MeterRegistry registry) {
        this.registry = registry;
        this.provider = provider;
        this.failures = failures;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
        this.outages = outages;
        this.breaker = CircuitBreaker.of(provider, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                // A slow answer is an answer: only the call timeout makes it a failure.
                .slowCallDurationThreshold(Duration.ofNanos(Long.MAX_VALUE))
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clockOf(nanoTime))
                .build());
        breaker.getEventPublisher().onStateTransition(event -> moved(event.getStateTransition()));
    }

    /** Whether a call may go out now; true obliges the caller to report how it ended. */
    synchronized boolean tryAcquire() {
        current();
        return breaker.tryAcquirePermission();
    }

    synchronized void onSuccess(long callNanos) {
        breaker.onSuccess(callNanos, TimeUnit.NANOSECONDS);
    }

    synchronized void onFailure(long callNanos, Throwable cause) {
        lastFailure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        breaker.onError(callNanos, TimeUnit.NANOSECONDS, cause);
    }

    /** The state now: CLOSED, OPEN or HALF_OPEN. */
    public synchronized State state() {
        return current();
    }

    /** What the state gauge shows: 0 closed, 1 half-open, 2 open. */
    public int gaugeValue() {
        return switch (state()) {
            case HALF_OPEN -> 1;
            case OPEN -> 2;
            default -> 0;
        };
    }

    /** How long until an open breaker lets a probe through; zero when it is not open. */
    public synchronized Duration untilProbe() {
        if (current() != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, openedAt + openForNanos - nanoTime.getAsLong()));
    }

    /** The message of the last failed call, for the reason a refused call gives. */
    synchronized String lastFailure() {
        return lastFailure;
    }

    private State current() {
        if (breaker.getState() == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
            breaker.transitionToHalfOpenState();
        }
        return breaker.getState();
    }

    /** Runs inside the call that moved the breaker, so under this object's lock. */
    private void moved(CircuitBreaker.StateTransition transition) {
        State next = transition.getToState();
        if (next == State.OPEN) {
            openedAt = nanoTime.getAsLong();
            if (transition.getFromState() == State.CLOSED) {
                outages.down("circuit breaker open after " + failures + " consecutive failed calls, the last: "
                        + lastFailure);
            }
        } else if (next == State.CLOSED) {
            outages.up();
        }
        registry.counter(MetricNames.LLM_BREAKER_TRANSITIONS, MetricNames.TAG_PROVIDER, provider,
                MetricNames.TAG_STATE, next.name().toLowerCase(Locale.ROOT)).increment();
    }

    /** {@code nanoTime} as the clock resilience4j times the open state with; only differences of its instants count. */
    private static Clock clockOf(LongSupplier nanoTime) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("a clock of elapsed time has no zone");
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plusNanos(nanoTime.getAsLong());
            }
        };
    }
}
