package io.memstream.config;

import java.time.Duration;
import java.util.Map;

/**
 * The memory index ({@code memory.*} except the embeddings).
 *
 * @param reinforceThreshold cosine similarity at or above which a new memory reinforces an active one
 * @param judgeBand width of the band below reinforceThreshold in which the supersede judge is asked
 * @param retentionByCategory category to how long after last_seen (event time) its memories are deleted
 * @param indexCacheBytes heap of the in-memory view of recently used scopes
 */
public record MemorySettings(Scope scope, double reinforceThreshold, double judgeBand, int maxPerScope,
                             Map<String, Duration> retentionByCategory, long indexCacheBytes,
                             EmbeddingSettings embedding) {

    /** {@code memory.scope}: what a memory belongs to. */
    public enum Scope {
        USER,
        AGENT_USER
    }
}
