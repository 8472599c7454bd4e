package io.memstream.config;

import java.time.Duration;
import org.apache.kafka.common.config.types.Password;

/**
 * Where embeddings come from and how they are computed ({@code memory.embedding.*}).
 *
 * @param baseUrl endpoint of a remote provider; blank for the in-process model
 * @param model model of a remote provider; blank for the in-process model
 * @param apiKey of the OpenAI-compatible endpoint, or null
 * @param threads threads off the stream thread, -1 for one per core; 0 = on the stream thread
 * @param maxPending memories waiting per task before the stream thread waits (back-pressure)
 */
public record EmbeddingSettings(Provider provider, String baseUrl, String model, Password apiKey, Duration timeout,
                                int threads, int batchSize, boolean cache, int maxAttempts, int maxPending,
                                Duration pollInterval) {

    /** {@code memory.embedding.provider}. */
    public enum Provider {
        /** all-MiniLM-L6-v2 in-process. */
        LOCAL,
        /** Any OpenAI-compatible /v1/embeddings endpoint. */
        OPENAI,
        OLLAMA
    }
}
