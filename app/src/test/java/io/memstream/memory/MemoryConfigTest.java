package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.config.BoundedRocksDbConfig;
import io.memstream.config.MemstreamConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class MemoryConfigTest {

    @Test
    void retentionPairsParseIntoDurationsPerCategoryAndNothingIsRetainedByAgeByDefault() {
        MemstreamConfig config = new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan=7d, other=12h"));
        assertThat(config.memory().retentionByCategory()).containsExactlyInAnyOrderEntriesOf(
                Map.of("plan", Duration.ofDays(7), "other", Duration.ofHours(12)));
        assertThat(new MemstreamConfig(Map.of()).memory().retentionByCategory()).isEmpty();
    }

    @Test
    void malformedRetentionIsRejectedNamingThePair() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("plan").hasMessageContaining("category=duration");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan=soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("soon");
    }

    @Test
    void unknownScopeIsRejected() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_SCOPE, "session")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(MemstreamConfig.MEMORY_SCOPE);
    }

    @Test
    void streamsGetTheBoundedRocksDbSetterAndItsSizesUnlessTheUserBringsASetter() {
        var props = new MemstreamConfig(Map.of(MemstreamConfig.STATE_ROCKSDB_CACHE_BYTES, 100L << 20)).streamsProperties();
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbConfig.class.getName());
        assertThat(props.get(MemstreamConfig.STATE_ROCKSDB_CACHE_BYTES)).isEqualTo(100L << 20);

        var own = new MemstreamConfig(Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Setter")).streamsProperties();
        assertThat(own.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.Setter");
    }
}
