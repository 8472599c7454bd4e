package io.memstream.memory;

import io.memstream.schemas.EnhancedMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The retention policy ({@code memory.retention.by.category}): when a memory is deleted because of its age. A memory of
 * a category with a retention expires at its last_seen plus that retention; any other memory never expires (null).
 * Expiry is judged against event time by {@link MemoryIndexProcessor}, never against the wall clock. What an enricher
 * wrote in expires_at is ignored: deletion by age is the operator's policy, not the extractor's guess.
 */
public final class RetentionPolicy {

    private final Map<String, Duration> retentionByCategory;

    public RetentionPolicy(Map<String, Duration> retentionByCategory) {
        this.retentionByCategory = Map.copyOf(retentionByCategory);
    }

    /** When the policy deletes this memory, or null when it keeps it until forgotten or evicted. */
    public Instant expiryOf(EnhancedMemory memory) {
        Duration retention = retentionByCategory.get(memory.getCategory());
        return retention == null ? null : memory.getLastSeen().plus(retention);
    }
}
