package io.memstream.enrichment;

import java.time.Duration;
import java.util.List;

/**
 * What the enrichment stage is doing, for health endpoints (/health/llm): a read-only snapshot.
 *
 * @param activeModel the model that made the last batch's memories ({@code <provider>/<model>} or "offline"); before
 *                    the first batch, the model the chain would use now
 * @param fallbackActive whether batches are not being enriched by the chain's first provider: the last batch was
 *                       made by a later one, or the first one is unavailable (open breaker, Retry-After rest); never
 *                       when the chain has a single entry, as there is nothing to fall back to (batches wait)
 * @param waiting batches in the queue store of this instance's tasks, not in a call
 * @param inFlight LLM calls running now
 * @param maxInFlight enrichment.max.in.flight
 * @param cacheHitRatio prompt-result cache hits over lookups since start
 * @param providers the LLM providers of the chain, in order (the offline enricher has no state to report)
 */
public record EnrichmentStatus(String activeModel, boolean fallbackActive, long waiting, long inFlight,
                               int maxInFlight, double cacheHitRatio, List<ProviderStatus> providers) {

    /**
     * One LLM provider.
     *
     * @param breaker CLOSED, HALF_OPEN or OPEN
     * @param unavailableFor how long until it may be called again (open breaker or Retry-After rest); zero when now
     */
    public record ProviderStatus(String name, String model, String breaker, Duration unavailableFor) {
    }
}
