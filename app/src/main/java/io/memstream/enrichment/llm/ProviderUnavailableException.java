package io.memstream.enrichment.llm;

import java.time.Duration;

/**
 * A provider could not answer this time: its circuit is open, it asked to be left alone (Retry-After), or its
 * retries ran out. The batch goes to the next provider; {@link #retryAfter()} says when this one is worth asking again.
 */
public class ProviderUnavailableException extends RuntimeException {

    private final String provider;
    private final String reason;
    private final transient Duration retryAfter;

    public ProviderUnavailableException(String provider, String reason, Duration retryAfter, String message,
                                        Throwable cause) {
        super(provider + " unavailable (" + reason + "): " + message, cause);
        this.provider = provider;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public String provider() {
        return provider;
    }

    /** Metric tag value: breaker_open, cooling_down, rate_limited, server_error, timeout, connection, ... */
    public String reason() {
        return reason;
    }

    /** When the provider may be asked again; zero when at once. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
