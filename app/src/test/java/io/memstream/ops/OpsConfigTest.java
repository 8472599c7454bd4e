package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.app.ConfigLoader;
import io.memstream.config.LogFormat;
import io.memstream.config.LogLevel;
import io.memstream.config.MemstreamConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class OpsConfigTest {

    @Test
    void opsAndLogSettingsComeFromTheEnvironmentAndStayOutOfKafkaStreamsProperties() {
        MemstreamConfig config = new MemstreamConfig(ConfigLoader.load(null, Map.of(
                "MEMSTREAM_OPS_PORT", "9404", "MEMSTREAM_LOG_FORMAT", "json",
                "MEMSTREAM_LOG_LEVELS", "org.apache.kafka=INFO,io.memstream.batching=DEBUG")));

        assertThat(config.ops().port()).isEqualTo(9404);
        assertThat(config.logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(config.logging().levels()).containsExactly(Map.entry("org.apache.kafka", LogLevel.INFO),
                Map.entry("io.memstream.batching", LogLevel.DEBUG));
        assertThat(config.streamsProperties()).doesNotContainKeys(MemstreamConfig.OPS_PORT, MemstreamConfig.LOG_FORMAT,
                MemstreamConfig.LOG_LEVELS);
    }

    @Test
    void defaultsServeOnPort8080InPlainText() {
        MemstreamConfig config = new MemstreamConfig(Map.of());
        assertThat(config.ops().port()).isEqualTo(8080);
        assertThat(config.ops().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.logging().format()).isEqualTo(LogFormat.PLAIN);
    }

    @Test
    void rejectsALogLevelsEntryThatIsNotLoggerEqualsLevel() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.LOG_LEVELS, "org.apache.kafka:INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logger=LEVEL").hasMessageContaining("org.apache.kafka:INFO");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.OPS_PORT, 70000)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(MemstreamConfig.OPS_PORT);
    }
}
