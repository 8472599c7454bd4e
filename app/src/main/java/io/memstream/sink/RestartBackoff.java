package io.memstream.sink;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * How long to wait before restarting a failed sink task: {@code min(initial * 2^n, max)} for the n-th restart since
 * the task last ran (n from 0). No jitter: one supervisor restarts one connector, there is no herd to spread out.
 *
 * <p>resilience4j's exponential backoff, the one backoff of the code. The Compose and Helm supervisor loops (shell)
 * compute the same two terms; ConnectorSupervisorScriptTest holds them to this class.
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
        // resilience4j counts attempts from 1, and past 62 doublings every long has reached the maximum.
        int attempt = Math.min(Math.max(restart, 0), 62) + 1;
        return Duration.ofMillis(IntervalFunction.ofExponentialBackoff(initial, 2, max).apply(attempt));
    }
}
