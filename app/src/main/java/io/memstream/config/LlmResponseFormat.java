package io.memstream.config;

/** {@code enrichment.<provider>.response.format}: how a provider is asked for structured output. */
public enum LlmResponseFormat {
    /** The server enforces the memories schema. */
    JSON_SCHEMA,
    /** JSON mode: any JSON object. */
    JSON,
    /** Plain text; only the prompt asks for JSON. */
    TEXT
}
