package io.memstream.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The rules that tie one setting to another, which a {@link org.apache.kafka.common.config.ConfigDef} validator,
 * seeing one value at a time, cannot check. All of them run when the config is built, so that a bad combination
 * fails at start-up naming both keys rather than when a stage first uses it.
 */
final class CrossFieldRules {

    private CrossFieldRules() {
    }

    static void checkBatching(BatchingSettings batching) {
        if (batching.sessionRetention().compareTo(batching.idleTimeout()) <= 0) {
            throw new ConfigException(MemstreamConfig.BATCH_SESSION_RETENTION, batching.sessionRetention(),
                    "must be longer than " + MemstreamConfig.BATCH_IDLE_TIMEOUT + " (" + batching.idleTimeout() + ")");
        }
        if (batching.messageMaxBytes() > batching.maxBytes()) {
            throw new ConfigException(MemstreamConfig.BATCH_MESSAGE_MAX_BYTES, batching.messageMaxBytes(),
                    "must be at most " + MemstreamConfig.BATCH_MAX_BYTES + " (" + batching.maxBytes()
                            + "): a batch holds at least one message");
        }
    }

    /** An LLM provider's key comes from the key itself or from a file, never both. */
    static void checkApiKeySource(EnrichmentProvider provider, Password key, String keyFile) {
        if (key != null && keyFile != null) {
            throw new ConfigException(MemstreamConfig.llmKey(provider, MemstreamConfig.LLM_API_KEY_FILE), keyFile,
                    "set either " + MemstreamConfig.llmKey(provider, MemstreamConfig.LLM_API_KEY) + " or this file, not both");
        }
    }

    /** Anthropic has no keyless local server, unlike the other two. */
    static void checkApiKeyPresent(EnrichmentProvider provider, Password key) {
        if (provider == EnrichmentProvider.ANTHROPIC && key == null) {
            throw new ConfigException(MemstreamConfig.llmKey(provider, MemstreamConfig.LLM_API_KEY), "[hidden]",
                    "Anthropic needs an API key: set MEMSTREAM_ENRICHMENT_ANTHROPIC_API_KEY or "
                            + MemstreamConfig.llmKey(provider, MemstreamConfig.LLM_API_KEY_FILE));
        }
    }

    /** A remote embedding provider needs to know where to call and which model to ask for. */
    static void checkEmbedding(EmbeddingSettings embedding) {
        if (embedding.provider() == EmbeddingSettings.Provider.LOCAL) {
            return;
        }
        String provider = MemstreamConfig.MEMORY_EMBEDDING_PROVIDER + "=" + Choice.of(EmbeddingSettings.Provider.class)
                .written(embedding.provider());
        if (embedding.baseUrl().isBlank()) {
            throw new ConfigException(MemstreamConfig.MEMORY_EMBEDDING_BASE_URL, embedding.baseUrl(),
                    "is required by " + provider);
        }
        if (embedding.model().isBlank()) {
            throw new ConfigException(MemstreamConfig.MEMORY_EMBEDDING_MODEL, embedding.model(), "is required by " + provider);
        }
    }

    static void checkRocksDb(long cacheBytes, long writeBufferBytes) {
        if (writeBufferBytes >= cacheBytes) {
            throw new ConfigException(MemstreamConfig.STATE_ROCKSDB_WRITE_BUFFER_BYTES, writeBufferBytes,
                    "must be less than " + MemstreamConfig.STATE_ROCKSDB_CACHE_BYTES + " (" + cacheBytes
                            + "): memtables are counted in the cache");
        }
    }
}
