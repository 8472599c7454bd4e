package io.memstream.enrichment.llm;

import io.memstream.ops.MetricNames;
import io.memstream.ops.OutageLog;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A provider's circuit breaker. CLOSED lets calls through and counts consecutive failures; {@code failureThreshold}
 * of them open it. OPEN refuses calls for {@code openFor}; then the breaker is HALF_OPEN and lets exactly one probe
 * call through: its success closes the breaker, its failure opens it again for another {@code openFor}.
 *
 * <p>Every call let through must end in {@link #onSuccess()} or {@link #onFailure}, or a half-open breaker would
 * wait for its probe forever. Thread-safe.
 *
 * <p>Opening from CLOSED starts an outage of the provider and closing ends it, in its {@link OutageLog}; a failed
 * probe is the same outage going on.
 */
public final class CircuitBreaker {

    /** The breaker's state; {@link #gaugeValue()} is what the state gauge shows. */
    public enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        private final int gaugeValue;

        State(int gaugeValue) {
            this.gaugeValue = gaugeValue;
        }

        public int gaugeValue() {
            return gaugeValue;
        }
    }

    private final String provider;
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;
    private final OutageLog outages;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probing;
    private String lastFailure;

    public CircuitBreaker(String provider, int failureThreshold, Duration openFor, LongSupplier nanoTime,
                          OutageLog outages) {
        this.provider = provider;
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
        this.outages = outages;
    }

    /** Whether a call may go out now; true obliges the caller to report how it ended. */
    public synchronized boolean tryAcquire() {
        switch (current()) {
            case CLOSED:
                return true;
            case HALF_OPEN:
                if (probing) {
                    return false;
                }
                probing = true;
                return true;
            default:
                return false;
        }
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        probing = false;
        if (state != State.CLOSED) {
            moveTo(State.CLOSED);
        }
    }

    public synchronized void onFailure(Throwable cause) {
        consecutiveFailures++;
        lastFailure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        boolean probeFailed = state == State.HALF_OPEN;
        probing = false;
        if (probeFailed || (state == State.CLOSED && consecutiveFailures >= failureThreshold)) {
            openedAt = nanoTime.getAsLong();
            moveTo(State.OPEN);
        }
    }

    /** The state now; an OPEN breaker whose time is up reads HALF_OPEN. */
    public synchronized State state() {
        return current();
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How long until an open breaker lets a probe through; zero when it is not open. */
    public synchronized Duration untilProbe() {
        if (current() != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, openedAt + openForNanos - nanoTime.getAsLong()));
    }

    private State current() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
            moveTo(State.HALF_OPEN);
        }
        return state;
    }

    private void moveTo(State next) {
        if (state == State.CLOSED && next == State.OPEN) {
            outages.down("circuit breaker open after " + consecutiveFailures + " consecutive failed calls, the last: "
                    + lastFailure);
        } else if (next == State.CLOSED) {
            outages.up();
        }
        state = next;
        Metrics.counter(MetricNames.LLM_BREAKER_TRANSITIONS, MetricNames.TAG_PROVIDER, provider,
                MetricNames.TAG_STATE, next.name().toLowerCase(Locale.ROOT)).increment();
    }
}
