package io.memstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.app.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichmentConfigTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefaultIsTheOfflineEnricherAlone() {
        MemstreamConfig config = new MemstreamConfig(Map.of());
        assertThat(config.enrichment().chain()).containsExactly(EnrichmentProvider.OFFLINE);
        assertThat(config.enrichment().minQuality()).isEqualTo(2);
        assertThat(config.enrichment().cacheTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.topics().rejectedMemories()).isEqualTo("rejected-memories");
    }

    @Test
    void theChainNamesKnownProvidersOnceWithOfflineLast() {
        assertThat(new MemstreamConfig(Map.of("enrichment.providers", "ollama, openai, offline")).enrichment().chain())
                .containsExactly(EnrichmentProvider.OLLAMA, EnrichmentProvider.OPENAI, EnrichmentProvider.OFFLINE);
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.providers", "gemini")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown provider 'gemini'");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.providers", "offline,openai")))
                .hasMessageContaining("must be the last");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.providers", "openai,openai")))
                .hasMessageContaining("named twice");
    }

    @Test
    void providerSettingsHaveTheIssuesDefaults() {
        LlmProviderSettings openai = new MemstreamConfig(Map.of("enrichment.providers", "openai")).enrichment().llms().get(0);
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(openai.apiKey()).isNull();
        assertThat(openai.label()).isEqualTo("openai/gpt-4o-mini");
    }

    @Test
    void apiKeysComeFromTheEnvironmentOrAFileAndNeverShowInText() throws Exception {
        Map<String, Object> fromEnv = ConfigLoader.load(null, Map.of("MEMSTREAM_ENRICHMENT_PROVIDERS", "openai",
                "MEMSTREAM_ENRICHMENT_OPENAI_API_KEY", "sk-secret-1"));
        LlmProviderSettings openai = new MemstreamConfig(fromEnv).enrichment().llms().get(0);
        assertThat(openai.apiKey().value()).isEqualTo("sk-secret-1");
        assertThat(openai.toString()).doesNotContain("sk-secret-1");

        Path keyFile = dir.resolve("anthropic.key");
        Files.writeString(keyFile, "sk-ant-2\n");
        LlmProviderSettings anthropic = new MemstreamConfig(Map.of("enrichment.providers", "anthropic",
                "enrichment.anthropic.api.key.file", keyFile.toString())).enrichment().llms().get(0);
        assertThat(anthropic.apiKey().value()).isEqualTo("sk-ant-2");
    }

    @Test
    void anthropicWithoutAKeyFailsAtStartWithWhatToSet() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.providers", "anthropic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MEMSTREAM_ENRICHMENT_ANTHROPIC_API_KEY");
    }

    @Test
    void aKeyAndAKeyFileTogetherAreRefused() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of("enrichment.providers", "openai",
                "enrichment.openai.api.key", "a", "enrichment.openai.api.key.file", "/x")))
                .hasMessageContaining("not both");
    }

    @Test
    void enrichmentKeysAreNotPassedToKafkaStreams() {
        MemstreamConfig config = new MemstreamConfig(Map.of("enrichment.providers", "openai",
                "enrichment.openai.api.key", "sk-secret"));
        assertThat(config.streamsProperties().keySet()).map(Object::toString)
                .noneMatch(key -> key.startsWith("enrichment."));
        assertThat(EnrichmentProvider.llms()).map(EnrichmentProvider::configValue).containsExactly("openai", "ollama", "anthropic");
    }
}
