package io.memstream.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What {@code enrichment.providers} can name: three LLM providers and the deterministic offline enricher. */
public enum EnrichmentProvider {
    OPENAI,
    OLLAMA,
    ANTHROPIC,
    OFFLINE;

    /** The providers with {@code enrichment.<provider>.*} keys of their own. */
    public static List<EnrichmentProvider> llms() {
        return Arrays.stream(values()).filter(EnrichmentProvider::isLlm).toList();
    }

    public boolean isLlm() {
        return this != OFFLINE;
    }

    /** As written in enrichment.providers, in key names and in metric tags: {@code openai}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
