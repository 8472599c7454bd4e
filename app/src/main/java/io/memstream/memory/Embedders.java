package io.memstream.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.memstream.config.EmbeddingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** The {@link Embedder} that {@code memory.embedding.*} names, on langchain4j's embedding models. */
public final class Embedders {

    /** Name of the in-process model. */
    public static final String LOCAL_NAME = "local/all-minilm-l6-v2";
    /** Texts whose embedding a cache keeps (about 1.6 KB each with 384 dimensions: 16 MB). */
    static final int CACHE_ENTRIES = 10_000;

    private Embedders() {
    }

    /**
     * The embedder of the config; the in-process model is loaded once per JVM, on first use. With
     * {@code memory.embedding.cache} the in-process model answers from the cache it shares with the offline extractor
     * (which embeds the same sentences), an endpoint from a cache of its own; cache lookups count on {@code registry}.
     */
    public static Embedder fromConfig(EmbeddingSettings settings, MeterRegistry registry) {
        if (settings.provider() == EmbeddingSettings.Provider.LOCAL) {
            return settings.cache() ? local(registry) : LocalModel.UNCACHED;
        }
        Embedder endpoint = endpoint(settings);
        return settings.cache() ? new CachingEmbedder(endpoint, CACHE_ENTRIES, registry) : endpoint;
    }

    /** An endpoint's embedder; the config has checked that the endpoint has a base URL and a model. */
    private static Embedder endpoint(EmbeddingSettings settings) {
        String model = settings.model();
        // No retries inside the client: the memory embedder retries with its own backoff, off the stream thread.
        return switch (settings.provider()) {
            case OPENAI -> of("openai/" + model, OpenAiEmbeddingModel.builder()
                    .baseUrl(settings.baseUrl())
                    .apiKey(settings.apiKey() == null ? "none" : settings.apiKey().value())
                    .modelName(model)
                    .timeout(settings.timeout())
                    .maxRetries(0)
                    .build());
            case OLLAMA -> of("ollama/" + model, OllamaEmbeddingModel.builder()
                    .baseUrl(settings.baseUrl())
                    .modelName(model)
                    .timeout(settings.timeout())
                    .maxRetries(0)
                    .build());
            case LOCAL -> throw new IllegalArgumentException("the in-process model is not an endpoint");
        };
    }

    /**
     * all-MiniLM-L6-v2 in-process (ONNX runtime): 384 dimensions, about 3 to 7 ms per sentence on one core. One
     * instance per JVM, with one cache of the {@value #CACHE_ENTRIES} most recently used texts: whoever embeds a
     * sentence first (the offline extractor classifies it) saves the memory embedder the same work.
     */
    public static Embedder local() {
        return LocalModel.CACHED;
    }

    /**
     * {@link #local()} with its cache lookups counted on {@code registry}: the model and its cache are the JVM's,
     * the count is the app instance's.
     */
    public static Embedder local(MeterRegistry registry) {
        return LocalModel.CACHED.countedOn(registry);
    }

    /** Empties the in-process model's cache, so that a benchmark's runs each start from a model that has seen nothing. */
    public static void forgetCachedLocal() {
        LocalModel.CACHED.forgetAll();
    }

    /** An embedder on any langchain4j embedding model. */
    public static Embedder of(String name, EmbeddingModel model) {
        return new Embedder() {
            @Override
            public float[] embed(String text) {
                return normalised(model.embed(text).content().vector());
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                return normalisedAll(model.embedAll(texts.stream().map(TextSegment::from).toList()).content());
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    private static List<float[]> normalisedAll(List<Embedding> embeddings) {
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        embeddings.forEach(embedding -> vectors.add(normalised(embedding.vector())));
        return vectors;
    }

    /** The vector scaled to length 1; endpoints do not all normalise, and the index compares by dot product. */
    static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            throw new IllegalStateException("the embedding model returned a zero vector");
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /**
     * Holder idiom: the model (about 90 MB with its runtime) is loaded when first used, once. Its {@code embedAll}
     * runs the texts of a list in parallel on a pool as large as the machine's cores (one ONNX run per text, each on
     * one thread: see {@link LocalMiniLm}).
     */
    private static final class LocalModel {
        static final Embedder UNCACHED = of(LOCAL_NAME, LocalMiniLm.load());
        static final CachingEmbedder CACHED = new CachingEmbedder(UNCACHED, CACHE_ENTRIES);

        static {
            OnnxRuntimeTempDirectory.removeOnExit();
        }
    }
}
