package io.memstream.enrichment.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The contract of a model's answer: {@code memory-answer.schema.json}, one JSON Schema (2020-12) that is both sent to
 * providers enforcing one (OpenAI json_schema, Ollama format, Anthropic structured outputs) and checked, with
 * networknt's validator, on every answer once {@link ModelAnswerParser} has read it. The categories, entity types
 * and precisions the prompt lists come from it too.
 */
final class MemoryAnswerSchema {

    private static final String RESOURCE = "memory-answer.schema.json";
    /**
     * What providers get of the schema: the keywords every provider's structured-output dialect accepts. Bounds and
     * lengths are left out (each dialect takes a different set of them, and a strict one refuses a schema that has
     * others); the descriptions say them in words.
     */
    private static final Set<String> PROVIDER_KEYWORDS = Set.of("type", "description", "properties", "items", "required",
            "enum");
    /** Fields that would set what code sets: refused with that reason rather than as unknown. */
    private static final Set<String> CODE_OWNED = Set.of("memory_id", "id", "user_id", "session_id", "batch_id",
            "batch_ids", "agent_id", "source_message_ids", "model", "prompt_version");

    private static final JsonNode FILE = load();
    private static final com.networknt.schema.JsonSchema VALIDATOR =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(FILE);
    private static final JsonNode MEMORY = FILE.at("/properties/memories/items");

    /** The schema as providers get it, named "memories". */
    static final JsonSchema FOR_PROVIDERS = JsonSchema.builder()
            .name("memories")
            .rootElement(JsonRawSchema.from(forProviders(FILE).toString()))
            .build();

    private MemoryAnswerSchema() {
    }

    static List<String> categories() {
        return strings(MEMORY.at("/properties/category/enum"));
    }

    static List<String> entityTypes() {
        return strings(MEMORY.at("/properties/entities/items/properties/type/enum"));
    }

    static List<String> precisions() {
        return strings(MEMORY.at("/properties/dates/items/properties/precision/enum"));
    }

    /**
     * What in {@code answer} breaks the schema, each as "{@code <JSON path> <problem>}" in words a model can act on; at
     * most one problem per place, the first found.
     */
    static Map<String, String> problems(JsonNode answer) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (ValidationMessage message : VALIDATOR.validate(answer)) {
            String place = message.getInstanceLocation().toString()
                    + (message.getProperty() == null ? "" : "." + message.getProperty());
            problems.putIfAbsent(place, place + " " + problem(message));
        }
        return problems;
    }

    private static String problem(ValidationMessage message) {
        JsonNode value = message.getInstanceNode();
        JsonNode schema = schemaOf(message);
        return switch (message.getType()) {
            case "type" -> "must be " + expected(schema, message.getInstanceLocation().getParent() == null) + ", not "
                    + kind(value);
            case "required" -> "is missing";
            case "additionalProperties" -> CODE_OWNED.contains(message.getProperty())
                    ? "is not allowed: ids, users, sessions and batches are set by the system, not by the answer"
                    : "is not a known field; allowed: " + String.join(", ", names(schema.path("properties")));
            case "minimum", "maximum" -> value.asText() + " is not in " + schema.path("minimum").asText() + ".."
                    + schema.path("maximum").asText();
            case "enum" -> (value.isTextual() ? "'" + value.asText() + "'" : kind(value)) + " is not one of "
                    + String.join(", ", strings(schema.path("enum")));
            case "minLength" -> "is blank";
            case "maxLength" -> "has " + value.asText().codePointCount(0, value.asText().length()) + " characters, at most "
                    + schema.path("maxLength").asText() + " allowed";
            case "minItems" -> "is empty";
            case "maxItems" -> "has " + value.size() + " items, at most " + schema.path("maxItems").asText() + " allowed";
            default -> message.getMessage().replaceFirst("^\\Q" + message.getInstanceLocation() + "\\E: ", "");
        };
    }

    /** The schema object holding the keyword that failed, found in the file by the message's schema location. */
    private static JsonNode schemaOf(ValidationMessage message) {
        JsonNodePath keyword = message.getSchemaLocation().getFragment();
        JsonNode node = FILE;
        for (int i = 0; i < keyword.getNameCount() - 1; i++) {
            Object step = keyword.getElement(i);
            node = step instanceof Integer index ? node.path(index) : node.path(step.toString());
        }
        return node;
    }

    private static String expected(JsonNode schema, boolean root) {
        String type = schema.path("type").asText();
        if (type.equals("object")) {
            return (root ? "a JSON object" : "an object") + " {" + String.join(", ", names(schema.path("properties"))
                    .stream().map(name -> "\"" + name + "\"").toList()) + "}";
        }
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The provider copy of {@code schema}: only {@link #PROVIDER_KEYWORDS}, and every property of an object required.
     * Structured-output modes ask a model for every field; the file's own {@code required} lists say what an answer
     * may still leave out and be read.
     */
    private static JsonNode forProviders(JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        for (Iterator<String> keywords = copy.fieldNames(); keywords.hasNext(); ) {
            if (!PROVIDER_KEYWORDS.contains(keywords.next())) {
                keywords.remove();
            }
        }
        if (copy.has("properties")) {
            ObjectNode properties = (ObjectNode) copy.get("properties");
            names(properties).forEach(name -> properties.set(name, forProviders(properties.get(name))));
            copy.putArray("required").addAll(names(properties).stream()
                    .map(name -> (JsonNode) copy.textNode(name)).toList());
        }
        if (copy.has("items")) {
            copy.set("items", forProviders(copy.get("items")));
        }
        return copy;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode load() {
        try (InputStream in = MemoryAnswerSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + RESOURCE + " beside " + MemoryAnswerSchema.class.getName());
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
