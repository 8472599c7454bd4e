package io.memstream.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.memstream.config.MemstreamConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The {@link Embedder} that {@code memory.embedding.*} names, on langchain4j's embedding models. */
public final class Embedders {

    /** Name of the in-process model. */
    public static final String LOCAL_NAME = "local/all-minilm-l6-v2";

    private Embedders() {
    }

    /** The embedder of the config; the in-process model is loaded once per JVM, on first use. */
    public static Embedder fromConfig(MemstreamConfig config) {
        String provider = config.getString(MemstreamConfig.MEMORY_EMBEDDING_PROVIDER);
        if ("local".equals(provider)) {
            return local();
        }
        String baseUrl = baseUrl(config);
        String model = model(config);
        Duration timeout = config.memoryEmbeddingTimeout();
        // No retries inside the client: the memory embedder retries with its own backoff, off the stream thread.
        if ("openai".equals(provider)) {
            Password key = config.getPassword(MemstreamConfig.MEMORY_EMBEDDING_API_KEY);
            return of("openai/" + model, OpenAiEmbeddingModel.builder()
                    .baseUrl(baseUrl)
                    .apiKey(key == null ? "none" : key.value())
                    .modelName(model)
                    .timeout(timeout)
                    .maxRetries(0)
                    .build());
        }
        return of("ollama/" + model, OllamaEmbeddingModel.builder()
                .baseUrl(baseUrl)
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .build());
    }

    /** all-MiniLM-L6-v2 in-process (ONNX runtime): 384 dimensions, about 5 ms per sentence on one core. */
    public static Embedder local() {
        return new Embedder() {
            @Override
            public float[] embed(String text) {
                return normalised(LocalModel.INSTANCE.embed(text).content().vector());
            }

            @Override
            public String name() {
                return LOCAL_NAME;
            }
        };
    }

    /** An embedder on any langchain4j embedding model. */
    public static Embedder of(String name, EmbeddingModel model) {
        return new Embedder() {
            @Override
            public float[] embed(String text) {
                return normalised(model.embed(text).content().vector());
            }

            @Override
            public String name() {
                return name;
            }
        };
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

    private static String baseUrl(MemstreamConfig config) {
        String url = config.getString(MemstreamConfig.MEMORY_EMBEDDING_BASE_URL);
        if (url.isBlank()) {
            throw new ConfigException(MemstreamConfig.MEMORY_EMBEDDING_BASE_URL, url,
                    "is required by memory.embedding.provider=" + config.getString(MemstreamConfig.MEMORY_EMBEDDING_PROVIDER));
        }
        return url;
    }

    private static String model(MemstreamConfig config) {
        String model = config.getString(MemstreamConfig.MEMORY_EMBEDDING_MODEL);
        if (model.isBlank()) {
            throw new ConfigException(MemstreamConfig.MEMORY_EMBEDDING_MODEL, model,
                    "is required by memory.embedding.provider=" + config.getString(MemstreamConfig.MEMORY_EMBEDDING_PROVIDER));
        }
        return model;
    }

    /** Holder idiom: the model (about 90 MB with its runtime) is loaded when first used, once. */
    private static final class LocalModel {
        static final AllMiniLmL6V2EmbeddingModel INSTANCE = new AllMiniLmL6V2EmbeddingModel();

        static {
            OnnxRuntimeTempDirectory.removeOnExit();
        }
    }
}
