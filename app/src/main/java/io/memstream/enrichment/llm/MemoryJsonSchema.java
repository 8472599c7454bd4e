package io.memstream.enrichment.llm;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

/**
 * The JSON schema of a model's answer (prompt memories-v2), sent to providers that enforce one (OpenAI json_schema,
 * Ollama format, Anthropic structured outputs). Ranges and lengths are in the descriptions: the schema dialects
 * providers accept differ on those keywords, and {@link ModelAnswerParser} enforces them whatever the provider did.
 * The parser also reads memories-v1 answers ({@code date_phrases}), so a v1 prompt under this schema still works: its
 * dates then come with the model's resolution, which is checked like a v2 one.
 */
final class MemoryJsonSchema {

    static final JsonSchema SCHEMA = JsonSchema.builder()
            .name("memories")
            .rootElement(JsonObjectSchema.builder()
                    .addProperty("memories", JsonArraySchema.builder().items(memory()).build())
                    .required("memories")
                    .additionalProperties(false)
                    .build())
            .build();

    private MemoryJsonSchema() {
    }

    private static JsonObjectSchema memory() {
        JsonArraySchema strings = JsonArraySchema.builder().items(JsonStringSchema.builder().build()).build();
        return JsonObjectSchema.builder()
                .addProperty("content", JsonStringSchema.builder()
                        .description("The fact about the user, close to their words, at most " + MemoryDraft.MAX_CONTENT
                                + " characters").build())
                .addProperty("summary", JsonStringSchema.builder()
                        .description("One third-person line, e.g. 'User lives in Paris', at most " + MemoryDraft.MAX_SUMMARY
                                + " characters").build())
                .addProperty("category", JsonEnumSchema.builder().enumValues(MemoryDraft.CATEGORIES).build())
                .addProperty("importance", JsonIntegerSchema.builder().description("1 (trivia) to 10 (critical)").build())
                .addProperty("quality", JsonIntegerSchema.builder().description("1 (vague) to 5 (precise)").build())
                .addProperty("confidence", JsonNumberSchema.builder().description("0 to 1").build())
                .addProperty("entities", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                        .addStringProperty("text")
                        .addProperty("type", JsonEnumSchema.builder().enumValues(MemoryDraft.ENTITY_TYPES).build())
                        .required("text", "type")
                        .additionalProperties(false)
                        .build()).build())
                .addProperty("dates", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                        .addProperty("text", JsonStringSchema.builder()
                                .description("the date phrase exactly as written in the message").build())
                        .addProperty("resolved", JsonStringSchema.builder()
                                .description("ISO 8601 at the phrase's precision: 2022, 2023-05, 2023-W19, 2023-05-07, "
                                        + "2023-05-07T19:00+02:00, or first/last for a span").build())
                        .addProperty("precision", JsonEnumSchema.builder().enumValues(MemoryDraft.PRECISIONS).build())
                        .required("text", "resolved", "precision")
                        .additionalProperties(false)
                        .build()).build())
                .addProperty("people", strings)
                .addProperty("tags", strings)
                .addProperty("source_messages", JsonArraySchema.builder().items(JsonIntegerSchema.builder()
                        .description("number n of a message in the transcript").build()).build())
                .required("content", "summary", "category", "importance", "quality", "confidence", "entities",
                        "dates", "people", "tags", "source_messages")
                .additionalProperties(false)
                .build();
    }
}
