package io.memstream.memory;

import io.memstream.schemas.EnhancedMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * When a memory expires: the expires_at its enricher gave (a plan's date), else its last_seen plus the default time to
 * live of its category ({@code memory.ttl.by.category}), else never (null).
 */
public final class ExpiryPolicy {

    private final Map<String, Duration> ttlByCategory;

    public ExpiryPolicy(Map<String, Duration> ttlByCategory) {
        this.ttlByCategory = Map.copyOf(ttlByCategory);
    }

    /** The expiry of a memory as the enricher emitted it. */
    public Instant expiryOf(EnhancedMemory candidate) {
        if (candidate.getExpiresAt() != null) {
            return candidate.getExpiresAt();
        }
        Duration ttl = ttlByCategory.get(candidate.getCategory());
        return ttl == null ? null : candidate.getLastSeen().plus(ttl);
    }

    /** The expiry of a reinforced memory: the later of both, and never if either never expires. */
    static Instant later(Instant existing, Instant candidate) {
        if (existing == null || candidate == null) {
            return null;
        }
        return existing.isAfter(candidate) ? existing : candidate;
    }
}
