package io.memstream.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
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
    private final Counter hits;
    private final Counter misses;

    CachingEmbedder(Embedder embedder, long entries) {
        this.embedder = embedder;
        this.cache = Caffeine.newBuilder().maximumSize(entries).build();
        this.hits = Metrics.counter(MetricNames.MEMORY_EMBEDDING_CACHE_REQUESTS, MetricNames.TAG_EMBEDDER, embedder.name(),
                MetricNames.TAG_RESULT, "hit");
        this.misses = Metrics.counter(MetricNames.MEMORY_EMBEDDING_CACHE_REQUESTS, MetricNames.TAG_EMBEDDER,
                embedder.name(), MetricNames.TAG_RESULT, "miss");
    }

    @Override
    public float[] embed(String text) {
        float[] cached = cache.getIfPresent(text);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        misses.increment();
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
                hits.increment();
                continue;
            }
            float[] cached = cache.getIfPresent(text);
            if (cached == null) {
                misses.increment();
                missing.add(text);
            } else {
                hits.increment();
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
