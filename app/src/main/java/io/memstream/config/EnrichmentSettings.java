package io.memstream.config;

import java.time.Duration;
import java.util.List;

/**
 * How batches become memories ({@code enrichment.*}).
 *
 * @param chain the providers in the order they are tried; offline, when present, last
 * @param llms the settings of each LLM provider of the chain, in chain order
 * @param offlineThreads threads of the offline enricher, -1 already resolved to the cores; 0 = on the stream thread
 * @param minQuality memories scoring below it are rejected
 * @param maxMemories most memories an LLM may extract from one batch
 */
public record EnrichmentSettings(List<EnrichmentProvider> chain, List<LlmProviderSettings> llms, int maxInFlight,
                                 int offlineThreads, int minQuality, int maxMemories, String promptVersion,
                                 boolean piiRedaction, int cacheMaxEntries, Duration cacheTtl, Duration pollInterval,
                                 Duration requeueBackoffMax) {

    public boolean hasOffline() {
        return chain.contains(EnrichmentProvider.OFFLINE);
    }

    /** The chain as written in enrichment.providers, e.g. {@code ollama,openai,offline}. */
    public String describeChain() {
        return String.join(",", chain.stream().map(EnrichmentProvider::configValue).toList());
    }
}
