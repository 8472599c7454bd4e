package io.memstream.enrichment.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.memstream.config.LlmProviderSettings;
import io.memstream.config.LlmResponseFormat;

/**
 * langchain4j chat models for memstream's providers. langchain4j's own retries are off (memstream's
 * {@link LlmProvider} retries, with Retry-After and a breaker), and every model talks through a
 * {@link ProviderHttpClient}.
 */
public final class ChatModels {

    private ChatModels() {
    }

    public static ChatModel create(LlmProviderSettings settings) {
        ResponseFormat format = responseFormat(settings.responseFormat());
        String apiKey = settings.apiKey() == null ? null : settings.apiKey().value();
        return switch (settings.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(ProviderHttpClient.builder())
                    .baseUrl(settings.baseUrl())
                    .apiKey(apiKey)
                    .modelName(settings.model())
                    .temperature(settings.temperature())
                    .maxTokens(settings.maxOutputTokens())
                    .responseFormat(format)
                    .timeout(settings.timeout())
                    .maxRetries(0)
                    .build();
            case OLLAMA -> OllamaChatModel.builder()
                    .httpClientBuilder(ProviderHttpClient.builder())
                    .baseUrl(settings.baseUrl())
                    .modelName(settings.model())
                    .temperature(settings.temperature())
                    .numPredict(settings.maxOutputTokens())
                    .responseFormat(format)
                    .timeout(settings.timeout())
                    .maxRetries(0)
                    .build();
            case ANTHROPIC -> AnthropicChatModel.builder()
                    .httpClientBuilder(ProviderHttpClient.builder())
                    .baseUrl(settings.baseUrl())
                    .apiKey(apiKey)
                    .modelName(settings.model())
                    .temperature(settings.temperature())
                    .maxTokens(settings.maxOutputTokens())
                    .responseFormat(format)
                    .timeout(settings.timeout())
                    .maxRetries(0)
                    .build();
            case OFFLINE -> throw new IllegalArgumentException("the offline enricher is not a chat model");
        };
    }

    private static ResponseFormat responseFormat(LlmResponseFormat format) {
        return switch (format) {
            case JSON_SCHEMA -> ResponseFormat.builder().type(ResponseFormatType.JSON)
                    .jsonSchema(MemoryAnswerSchema.FOR_PROVIDERS).build();
            case JSON -> ResponseFormat.JSON;
            case TEXT -> ResponseFormat.TEXT;
        };
    }
}
