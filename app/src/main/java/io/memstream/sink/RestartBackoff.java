package io.memstream.sink;

import java.time.Duration;

/**
 * How long to wait before restarting a failed sink task: {@code min(initial * 2^n, max)} for the n-th restart since
 * the task last ran (n from 0). No jitter: one supervisor restarts one connector, there is no herd to spread out.
 *
 * <p>Not resilience4j's {@code IntervalFunction}: the same two-term formula also runs in the Compose and Helm
 * supervisor loops (shell), and one line of arithmetic is easier to keep identical in both than a library's
 * behaviour.
 */
public record RestartBackoff(Duration initial, Duration max) {

    /** The laptop stack's: 1 s, 2 s, 4 s ... up to a minute, so a database restart of a few seconds heals at once. */
    public static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    public RestartBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
    }

    /** The wait before restart number {@code restart} (0 for the first restart after the task last ran). */
    public Duration delay(int restart) {
        long ceiling = initial.toMillis() << Math.min(Math.max(restart, 0), 30);
        return Duration.ofMillis(Math.min(max.toMillis(), ceiling < 0 ? Long.MAX_VALUE : ceiling));
    }
}
