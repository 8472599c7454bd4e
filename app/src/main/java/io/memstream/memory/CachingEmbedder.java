package io.memstream.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedder that does not embed the same text twice while it is among the most recently used ones: the embedding of
 * a text depends on the text alone, so a cached one is the one the model would give again. Keyed by the exact text.
 * The vectors it hands out are shared: callers read them and never write into them.
 */
final class CachingEmbedder implements Embedder {

    private final Embedder embedder;
    private final Cache<String, float[]> cache;
    // Null for the JVM's shared cache itself: each app instance counts its own lookups through countedOn().
    private final Counter hits;
    private final Counter misses;

    /** A cache of {@code entries} texts whose lookups are counted on {@code registry}. */
    CachingEmbedder(Embedder embedder, long entries, MeterRegistry registry) {
        this(embedder, Caffeine.newBuilder().maximumSize(entries).build(), registry);
    }

    /** A cache shared by every app instance of the JVM; its lookups count only through {@link #countedOn}. */
    CachingEmbedder(Embedder embedder, long entries) {
        this(embedder, Caffeine.newBuilder().maximumSize(entries).build(), null);
    }

    private CachingEmbedder(Embedder embedder, Cache<String, float[]> cache, MeterRegistry registry) {
        this.embedder = embedder;
        this.cache = cache;
        this.hits = registry == null ? null : registry.counter(MetricNames.MEMORY_EMBEDDING_CACHE_REQUESTS,
                MetricNames.TAG_EMBEDDER, embedder.name(), MetricNames.TAG_RESULT, "hit");
        this.misses = registry == null ? null : registry.counter(MetricNames.MEMORY_EMBEDDING_CACHE_REQUESTS,
                MetricNames.TAG_EMBEDDER, embedder.name(), MetricNames.TAG_RESULT, "miss");
    }

    /** The same cache, its lookups through the returned embedder counted on {@code registry}. */
    CachingEmbedder countedOn(MeterRegistry registry) {
        return new CachingEmbedder(embedder, cache, registry);
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public float[] embed(String text) {
        float[] cached = cache.getIfPresent(text);
        if (cached != null) {
            count(hits);
            return cached;
        }
        count(misses);
        float[] vector = embedder.embed(text);
        cache.put(text, vector);
        return vector;
    }

    /** The texts not in the cache go to the embedder in one list, each distinct text once. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Map<String, float[]> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String text : texts) {
            if (found.containsKey(text)) {
                count(hits);
                continue;
            }
            float[] cached = cache.getIfPresent(text);
            if (cached == null) {
                count(misses);
                missing.add(text);
            } else {
                count(hits);
            }
            found.put(text, cached);
        }
        if (!missing.isEmpty()) {
            List<float[]> computed = embedder.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i), computed.get(i));
                found.put(missing.get(i), computed.get(i));
            }
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        texts.forEach(text -> vectors.add(found.get(text)));
        return vectors;
    }

    void forgetAll() {
        cache.invalidateAll();
    }

    @Override
    public String name() {
        return embedder.name();
    }
}
