package io.memstream.enrichment.llm;

import dev.langchain4j.exception.RetriableException;

/** The provider could not be reached: connection refused or reset, DNS failure, TLS error. Worth a retry. */
public final class ProviderConnectionException extends RetriableException {

    public ProviderConnectionException(String url, Throwable cause) {
        super("cannot reach " + url + ": " + cause, cause);
    }
}
