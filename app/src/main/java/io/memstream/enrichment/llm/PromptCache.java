package io.memstream.enrichment.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Validated model answers by prompt hash, at most {@code maxEntries} of them (Caffeine's size-based eviction), each
 * valid for {@code ttl} after it was written. The answer is kept with its placeholders, before PII is restored, so that
 * two batches whose redacted prompts are equal share it and each gets its own values back. Thread-safe.
 */
public final class PromptCache {

    /** A cached answer and who gave it. */
    public record Answer(List<MemoryDraft> drafts, String model) {
    }

    private final Cache<String, Answer> answers;
    private final MeterRegistry registry;

    /** {@code maxEntries} 0 caches nothing; {@code nanoTime} is the clock the time to live is measured on. */
    public PromptCache(int maxEntries, Duration ttl, LongSupplier nanoTime, MeterRegistry registry) {
        this.registry = registry;
        this.answers = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .ticker(nanoTime::getAsLong)
                // Evict on the calling thread: nothing else to schedule, and the size is exact when read.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    public Optional<Answer> get(String promptHash) {
        Answer found = answers.getIfPresent(promptHash);
        registry.counter(MetricNames.LLM_CACHE_REQUESTS, MetricNames.TAG_RESULT, found == null ? "miss" : "hit").increment();
        return Optional.ofNullable(found);
    }

    public void put(String promptHash, Answer answer) {
        answers.put(promptHash, answer);
    }

    /** Hits over lookups since start; 0 before the first lookup. */
    public double hitRatio() {
        return answers.stats().requestCount() == 0 ? 0 : answers.stats().hitRate();
    }

    public long size() {
        answers.cleanUp();
        return answers.estimatedSize();
    }
}
