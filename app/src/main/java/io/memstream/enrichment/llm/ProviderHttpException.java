package io.memstream.enrichment.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/**
 * A non-2xx answer of an LLM provider, with the wait its Retry-After header asked for. langchain4j maps it by status
 * code (429 to a rate-limit exception, 5xx to a server error, ...) and keeps it as the cause, where the retry policy
 * finds it.
 */
public final class ProviderHttpException extends HttpException {

    private final transient Duration retryAfter;

    public ProviderHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, "HTTP " + statusCode + ": " + abbreviated(body));
        this.retryAfter = retryAfter;
    }

    /** The wait the provider asked for, when its answer had a Retry-After header. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Error bodies can be pages of HTML from a proxy; the start says what went wrong. */
    private static String abbreviated(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
