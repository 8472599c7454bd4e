package io.memstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TypedSettingsTest {

    @Test
    void aSettingWithAFixedSetOfValuesIsReadIntoItsJavaConstant() {
        MemstreamConfig config = new MemstreamConfig(Map.of(MemstreamConfig.MEMORY_SCOPE, "agent_user",
                MemstreamConfig.MEMORY_EMBEDDING_PROVIDER, "ollama", MemstreamConfig.MEMORY_EMBEDDING_BASE_URL, "http://x",
                MemstreamConfig.MEMORY_EMBEDDING_MODEL, "nomic-embed-text", MemstreamConfig.SHUTDOWN_LEAVE_GROUP, "never"));

        assertThat(config.memory().scope()).isEqualTo(MemorySettings.Scope.AGENT_USER);
        assertThat(config.memory().embedding().provider()).isEqualTo(EmbeddingSettings.Provider.OLLAMA);
        assertThat(config.shutdown().leaveGroup()).isEqualTo(LeaveGroup.NEVER);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        MemstreamConfig config = new MemstreamConfig(Map.of());

        assertThat(config.logging().format()).isEqualTo(LogFormat.PLAIN);
        assertThat(config.logging().level()).isEqualTo(LogLevel.WARN);
        assertThat(config.logging().appLevel()).isEqualTo(LogLevel.INFO);
        assertThat(config.memory().scope()).isEqualTo(MemorySettings.Scope.USER);
        assertThat(config.memory().embedding().provider()).isEqualTo(EmbeddingSettings.Provider.LOCAL);
        assertThat(config.streamsProperties()).containsEntry(MemstreamConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    }

    @Test
    void aValueOutsideTheSetIsRejectedListingTheValidValues() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.SHUTDOWN_LEAVE_GROUP, "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value sometimes for configuration shutdown.leave.group: use one of auto, always, never");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.PROCESSING_GUARANTEE, "exactly_once")))
                .hasMessageEndingWith("use one of exactly_once_v2, at_least_once");
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI,
                MemstreamConfig.LLM_RESPONSE_FORMAT), "yaml")))
                .hasMessageEndingWith("use one of json_schema, json, text");
    }

    @Test
    void valuesAreWrittenInLowerCaseExceptLogLevelsWhichMatchInAnyCase() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.LOG_FORMAT, "JSON")))
                .hasMessageEndingWith("use one of plain, json");
        MemstreamConfig config = new MemstreamConfig(Map.of(MemstreamConfig.LOG_LEVEL, "debug",
                MemstreamConfig.LOG_LEVELS, "org.apache.kafka=Error"));

        assertThat(config.logging().level()).isEqualTo(LogLevel.DEBUG);
        assertThat(config.logging().levels()).containsExactly(Map.entry("org.apache.kafka", LogLevel.ERROR));
    }

    @Test
    void anUnknownEnrichmentProviderIsRejectedListingTheProviders() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.ENRICHMENT_PROVIDERS, "ollama,gemini")))
                .hasMessageEndingWith("unknown provider 'gemini': use one of openai, ollama, anthropic, offline");
    }

    @Test
    void aDurationIsParsedOnceWhenTheConfigIsBuilt() {
        MemstreamConfig config = new MemstreamConfig(Map.of(MemstreamConfig.BATCH_IDLE_TIMEOUT, "5m",
                MemstreamConfig.llmKey(EnrichmentProvider.OLLAMA, MemstreamConfig.LLM_TIMEOUT), "PT45S",
                MemstreamConfig.ENRICHMENT_PROVIDERS, "ollama,offline"));

        assertThat(config.batching().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.batching()).isSameAs(config.batching());
        assertThat(config.enrichment().llms()).singleElement()
                .satisfies(ollama -> assertThat(ollama.timeout()).isEqualTo(Duration.ofSeconds(45)));
    }

    @Test
    void aDurationThatIsNotOneFailsWhenTheConfigIsBuiltNamingItsKey() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.ENRICHMENT_CACHE_TTL, "an hour")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MemstreamConfig.ENRICHMENT_CACHE_TTL).hasMessageContaining("is not a duration");
    }

    @Test
    void onlyTheLlmProvidersOfTheChainAreRead() {
        MemstreamConfig config = new MemstreamConfig(Map.of(MemstreamConfig.ENRICHMENT_PROVIDERS, "openai,ollama,offline"));

        assertThat(config.enrichment().llms()).map(LlmProviderSettings::provider)
                .containsExactly(EnrichmentProvider.OPENAI, EnrichmentProvider.OLLAMA);
        assertThat(config.enrichment().llms().get(0).responseFormat()).isEqualTo(LlmResponseFormat.JSON_SCHEMA);
        assertThat(config.enrichment().describeChain()).isEqualTo("openai,ollama,offline");
    }
}
