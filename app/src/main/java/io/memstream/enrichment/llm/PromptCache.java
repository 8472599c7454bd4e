package io.memstream.enrichment.llm;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Validated model answers by prompt hash: a least-recently-used map of at most {@code maxEntries} entries, each
 * valid for {@code ttl}. The answer is kept with its placeholders, before PII is restored, so that two batches whose
 * redacted prompts are equal share it and each gets its own values back. Thread-safe.
 */
public final class PromptCache {

    /** A cached answer and who gave it. */
    public record Answer(List<MemoryDraft> drafts, String model) {
    }

    private record Entry(Answer answer, long expiresAt) {
    }

    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();

    public PromptCache(int maxEntries, Duration ttl, LongSupplier nanoTime) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > PromptCache.this.maxEntries;
            }
        };
    }

    public Optional<Answer> get(String promptHash) {
        if (maxEntries == 0) {
            return Optional.empty();
        }
        Answer found;
        synchronized (entries) {
            Entry entry = entries.get(promptHash);
            if (entry != null && entry.expiresAt() - nanoTime.getAsLong() <= 0) {
                entries.remove(promptHash);
                entry = null;
            }
            found = entry == null ? null : entry.answer();
        }
        lookups.incrementAndGet();
        if (found != null) {
            hits.incrementAndGet();
        }
        Metrics.counter(MetricNames.LLM_CACHE_REQUESTS, MetricNames.TAG_RESULT, found == null ? "miss" : "hit").increment();
        return Optional.ofNullable(found);
    }

    public void put(String promptHash, Answer answer) {
        if (maxEntries == 0) {
            return;
        }
        synchronized (entries) {
            entries.put(promptHash, new Entry(answer, nanoTime.getAsLong() + ttlNanos));
        }
    }

    /** Hits over lookups since start; 0 before the first lookup. */
    public double hitRatio() {
        long total = lookups.get();
        return total == 0 ? 0 : (double) hits.get() / total;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
