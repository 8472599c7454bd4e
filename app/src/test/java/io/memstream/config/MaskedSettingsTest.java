package io.memstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskedSettingsTest {

    @Test
    void theLoggedConfigShowsEverySettingButNoSecret() {
        MemstreamConfig config = new MemstreamConfig(Map.of(
                MemstreamConfig.ENRICHMENT_PROVIDERS, "openai,offline",
                MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_API_KEY), "sk-llm",
                MemstreamConfig.MEMORY_EMBEDDING_API_KEY, "sk-embed",
                MemstreamConfig.SCHEMA_REGISTRY_BASIC_AUTH, "user:registry-pass",
                "ssl.keystore.password", "keystore-pass",
                "sasl.jaas.config", "PlainLoginModule required password=\"jaas-pass\";",
                "num.stream.threads", "3"));

        String logged = config.toString();

        assertThat(logged).doesNotContain("sk-llm", "sk-embed", "registry-pass", "keystore-pass", "jaas-pass")
                .contains("enrichment.openai.api.key=[hidden]\n", "memory.embedding.api.key=[hidden]\n",
                        "schema.registry.basic.auth.user.info=[hidden]\n", "ssl.keystore.password=[hidden]\n",
                        "sasl.jaas.config=[hidden]\n")
                .contains("batch.size=20\n", "enrichment.providers=openai,offline\n", "num.stream.threads=3\n");
    }

    @Test
    void anUnsetSecretIsMaskedToo() {
        assertThat(new MemstreamConfig(Map.of()).toString()).contains("memory.embedding.api.key=[hidden]\n");
    }
}
