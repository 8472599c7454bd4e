package io.memstream.enrichment.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a call to a provider failed, read from langchain4j's mapped exceptions and their causes: what the retry
 * predicate asks, and the {@code reason} and {@code outcome} tags of the metrics.
 */
enum ProviderFailure {
    RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION(true),
    AUTHENTICATION(false), MODEL_NOT_FOUND(false), REJECTED(false), ERROR(false);

    private final boolean retryable;

    ProviderFailure(boolean retryable) {
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }

    /** The metric tag value: rate_limited, server_error, ... */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ProviderFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RateLimitException) {
                return RATE_LIMITED;
            }
            if (t instanceof InternalServerException) {
                return SERVER_ERROR;
            }
            if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof ProviderConnectionException || t instanceof UnresolvedModelServerException
                    || t instanceof java.io.IOException) {
                return CONNECTION;
            }
            if (t instanceof AuthenticationException) {
                return AUTHENTICATION;
            }
            if (t instanceof ModelNotFoundException) {
                return MODEL_NOT_FOUND;
            }
            if (t instanceof ProviderHttpException http) {
                return http.statusCode() == 429 ? RATE_LIMITED
                        : http.statusCode() >= 500 ? SERVER_ERROR
                        : http.statusCode() == 408 ? TIMEOUT : REJECTED;
            }
        }
        return ERROR;
    }

    /** The Retry-After the provider sent with {@code error}, if any. */
    static Optional<Duration> retryAfter(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderHttpException http) {
                return http.retryAfter();
            }
        }
        return Optional.empty();
    }
}
