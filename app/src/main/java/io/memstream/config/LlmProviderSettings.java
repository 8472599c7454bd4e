package io.memstream.config;

import java.time.Duration;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of one LLM provider, read from its {@code enrichment.<provider>.*} keys (see {@link MemstreamConfig}).
 * The API key stays a {@link Password}, so printing these settings never shows it.
 *
 * @param provider an LLM provider: openai, ollama or anthropic
 * @param apiKey the key, or null when the provider needs none (a local server)
 * @param retries retries after the first attempt of one call
 * @param breakerFailures consecutive failed calls that open the circuit breaker
 * @param ratePerMinute most calls per minute, 0 for no limit
 */
public record LlmProviderSettings(EnrichmentProvider provider, String baseUrl, String model, Password apiKey, Duration timeout,
                                  int retries, Duration retryBackoff, Duration retryBackoffMax, int breakerFailures,
                                  Duration breakerOpenFor, int maxConcurrency, int ratePerMinute, double priceInputPer1k,
                                  double priceOutputPer1k, LlmResponseFormat responseFormat, double temperature,
                                  int maxOutputTokens) {

    /** The provider's name in enrichment.providers, metric tags and log lines. */
    public String name() {
        return provider.configValue();
    }

    /** What memories made by this provider record as their model: {@code <provider>/<model>}. */
    public String label() {
        return name() + "/" + model;
    }
}
