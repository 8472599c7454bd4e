package io.memstream.domain;

import io.memstream.schemas.EnhancedMemory;
import java.time.Duration;
import java.util.List;

/** How enriching one batch ended; the enrichment stage forwards, re-queues or dead-letters accordingly. */
public sealed interface EnrichmentOutcome {

    /**
     * Memories were made: {@code accepted} go to enhanced-memories, {@code rejected} (quality below
     * enrichment.min.quality) to the rejected-memories topic.
     *
     * @param model what made them: "offline" or "<provider>/<model>"
     * @param fallback whether a provider after the first in the chain made them
     */
    record Enriched(List<EnhancedMemory> accepted, List<EnhancedMemory> rejected, String model, boolean fallback)
            implements EnrichmentOutcome {
    }

    /** No provider could answer and the chain has no offline fallback: try the batch again after {@code retryAfter}. */
    record Unavailable(Duration retryAfter, String reason) implements EnrichmentOutcome {
    }

    /** The batch cannot be enriched (every answer invalid, or the enricher failed): it goes to the dead-letter topic. */
    record Failed(RuntimeException error) implements EnrichmentOutcome {
    }
}
