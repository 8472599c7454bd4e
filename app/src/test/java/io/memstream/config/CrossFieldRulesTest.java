package io.memstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CrossFieldRulesTest {

    @Test
    void aMessageMayNotBeLargerThanTheBatchHoldingIt() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.BATCH_MAX_BYTES, 64 * 1024,
                MemstreamConfig.BATCH_MESSAGE_MAX_BYTES, 128 * 1024)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 131072 for configuration batch.message.max.bytes: must be at most "
                        + "batch.max.bytes (65536): a batch holds at least one message");
        assertThat(new MemstreamConfig(Map.of(MemstreamConfig.BATCH_MAX_BYTES, 64 * 1024,
                MemstreamConfig.BATCH_MESSAGE_MAX_BYTES, 64 * 1024)).batching().messageMaxBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void aSessionIsKeptLongerThanItTakesToGoIdle() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.BATCH_IDLE_TIMEOUT, "2h",
                MemstreamConfig.BATCH_SESSION_RETENTION, "1h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MemstreamConfig.BATCH_SESSION_RETENTION)
                .hasMessageContaining("must be longer than " + MemstreamConfig.BATCH_IDLE_TIMEOUT);
    }

    @Test
    void aRemoteEmbeddingProviderNeedsABaseUrlAndAModelWhenTheConfigIsBuilt() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_EMBEDDING_PROVIDER, "openai")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration memory.embedding.base.url: is required by "
                        + "memory.embedding.provider=openai");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_EMBEDDING_PROVIDER, "ollama",
                MemstreamConfig.MEMORY_EMBEDDING_BASE_URL, "http://127.0.0.1:11434")))
                .hasMessageContaining(MemstreamConfig.MEMORY_EMBEDDING_MODEL);
    }

    @Test
    void memtablesMustFitInTheSharedCache() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.STATE_ROCKSDB_CACHE_BYTES, 64L << 20,
                MemstreamConfig.STATE_ROCKSDB_WRITE_BUFFER_BYTES, 64L << 20)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MemstreamConfig.STATE_ROCKSDB_WRITE_BUFFER_BYTES)
                .hasMessageContaining("must be less than " + MemstreamConfig.STATE_ROCKSDB_CACHE_BYTES);
    }
}
