package io.memstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.config.MemstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void environmentVariablesOverrideTheFileAndMapToDottedKeys() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "batch.size=30\nbatch.idle.timeout=5m\nnum.stream.threads=2\n");
        Map<String, Object> settings = ConfigLoader.load(file,
                Map.of("MEMSTREAM_BATCH_SIZE", "40", "MEMSTREAM_TOPIC_MESSAGES", "chat-in", "PATH", "/usr/bin"));
        MemstreamConfig config = new MemstreamConfig(settings);
        assertThat(config.batching().size()).isEqualTo(40);
        assertThat(config.topics().messages()).isEqualTo("chat-in");
        assertThat(config.batching().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.streamsProperties()).containsEntry("num.stream.threads", "2").doesNotContainKey("path");
    }

    @Test
    void rejectsAMissingConfigFileWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.properties"), Map.of()))
                .hasMessageContaining("nope.properties").hasMessageContaining("--config");
    }

    @Test
    void validatesSettingsWithTheirNames() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("batch.size", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch.size");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("batch.idle.timeout", "soon")))
                .hasMessageContaining("batch.idle.timeout").hasMessageContaining("10m");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("batch.idle.timeout", "8d")))
                .hasMessageContaining("batch.session.retention");
    }

    @Test
    void defaultsToExactlyOnce() {
        assertThat(new MemstreamConfig(Map.of()).streamsProperties()).containsEntry("processing.guarantee", "exactly_once_v2");
    }
}
