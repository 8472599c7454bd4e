package io.memstream.enrichment.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Which failed calls are worth retrying, and how long to wait first: exponential backoff from {@code initial},
 * doubling per retry up to {@code max}, with "equal jitter" (half the backoff fixed, half random) so that many
 * batches failing together do not retry together. A Retry-After longer than the backoff wins.
 */
public final class RetryPolicy {

    /** Why a call failed, as counted in metrics. */
    public enum Failure {
        RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION(true),
        AUTHENTICATION(false), MODEL_NOT_FOUND(false), REJECTED(false), ERROR(false);

        private final boolean retryable;

        Failure(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    public RetryPolicy(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait before retry number {@code retry} (0 for the first retry). */
    public Duration backoff(int retry, Optional<Duration> retryAfter) {
        long ceiling = initial.toMillis() << Math.min(retry, 30);
        long capped = Math.min(max.toMillis(), ceiling < 0 ? Long.MAX_VALUE : ceiling);
        long jittered = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
        Duration backoff = Duration.ofMillis(jittered);
        return retryAfter.filter(wait -> wait.compareTo(backoff) > 0).orElse(backoff);
    }

    public Duration max() {
        return max;
    }

    /** What kind of failure {@code error} is, from langchain4j's mapped exceptions and their causes. */
    public static Failure classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RateLimitException) {
                return Failure.RATE_LIMITED;
            }
            if (t instanceof InternalServerException) {
                return Failure.SERVER_ERROR;
            }
            if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return Failure.TIMEOUT;
            }
            if (t instanceof ProviderConnectionException || t instanceof UnresolvedModelServerException
                    || t instanceof java.io.IOException) {
                return Failure.CONNECTION;
            }
            if (t instanceof AuthenticationException) {
                return Failure.AUTHENTICATION;
            }
            if (t instanceof ModelNotFoundException) {
                return Failure.MODEL_NOT_FOUND;
            }
            if (t instanceof ProviderHttpException http) {
                return http.statusCode() == 429 ? Failure.RATE_LIMITED
                        : http.statusCode() >= 500 ? Failure.SERVER_ERROR
                        : http.statusCode() == 408 ? Failure.TIMEOUT : Failure.REJECTED;
            }
        }
        return Failure.ERROR;
    }

    /** The Retry-After the provider sent with {@code error}, if any. */
    public static Optional<Duration> retryAfter(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderHttpException http) {
                return http.retryAfter();
            }
        }
        return Optional.empty();
    }
}
