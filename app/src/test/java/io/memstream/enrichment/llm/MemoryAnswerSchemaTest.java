package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The schema file as validator (what the answer must be once read) and as what providers get. */
class MemoryAnswerSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode memory() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"content": "I live in Lyon", "summary": "User lives in Lyon", "category": "personal_info",
                     "importance": 6, "quality": 4, "confidence": 0.8, "source_messages": [1]}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problems of an answer holding one memory, changed by {@code change}. */
    private static List<String> problems(Consumer<ObjectNode> change) {
        ObjectNode memory = memory();
        change.accept(memory);
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("memories").add(memory);
        return List.copyOf(MemoryAnswerSchema.problems(answer).values());
    }

    private static String problem(Consumer<ObjectNode> change) {
        List<String> problems = problems(change);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static List<String> repeated(String text, int times) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            items.add(text + i);
        }
        return items;
    }

    @Test
    void aValidAnswerHasNoProblemAndItsOptionalListsMayBeLeftOut() {
        assertThat(problems(memory -> { })).isEmpty();
        assertThat(problems(memory -> {
            memory.putArray("entities").addObject().put("text", "Lyon").put("type", "PLACE");
            ArrayNode dates = memory.putArray("dates");
            dates.addObject().put("text", "since 2019").put("resolved", "2019").put("precision", "YEAR");
            dates.addObject().put("text", "last summer");
            memory.putArray("people").add("Anna");
            memory.putArray("tags").add("home");
        })).isEmpty();
    }

    @Test
    void rangesAreEnforced() {
        assertThat(problem(memory -> memory.put("importance", 0))).isEqualTo("$.memories[0].importance 0 is not in 1..10");
        assertThat(problem(memory -> memory.put("importance", 11))).isEqualTo("$.memories[0].importance 11 is not in 1..10");
        assertThat(problem(memory -> memory.put("quality", 6))).isEqualTo("$.memories[0].quality 6 is not in 1..5");
        assertThat(problem(memory -> memory.put("confidence", 1.5))).isEqualTo("$.memories[0].confidence 1.5 is not in 0..1");
        assertThat(problem(memory -> memory.put("confidence", -0.1))).contains("-0.1 is not in 0..1");
    }

    @Test
    void typesAreEnforced() {
        assertThat(problem(memory -> memory.put("importance", "7")))
                .as("the parser reads \"7\" as 7 before the schema sees it")
                .isEqualTo("$.memories[0].importance must be an integer, not a string");
        assertThat(problem(memory -> memory.put("quality", 4.5)))
                .isEqualTo("$.memories[0].quality must be an integer, not a decimal number");
        assertThat(problem(memory -> memory.put("confidence", "high")))
                .isEqualTo("$.memories[0].confidence must be a number, not a string");
        assertThat(problem(memory -> memory.put("content", 42))).isEqualTo("$.memories[0].content must be a string, not an integer");
        assertThat(problem(memory -> memory.putArray("dates").add(42)))
                .startsWith("$.memories[0].dates[0] must be an object {\"text\", \"resolved\", \"precision\"}");
        assertThat(problem(memory -> memory.put("category", 42))).as("one problem per place")
                .isEqualTo("$.memories[0].category must be a string, not an integer");
    }

    @Test
    void theRootMustBeAnObjectWithAnArrayOfMemories() throws Exception {
        assertThat(MemoryAnswerSchema.problems(JSON.readTree("[]")).values())
                .containsExactly("$ must be a JSON object {\"memories\"}, not an array");
        assertThat(MemoryAnswerSchema.problems(JSON.readTree("{\"memories\": {}}")).values())
                .containsExactly("$.memories must be an array, not an object");
        assertThat(MemoryAnswerSchema.problems(JSON.readTree("{}")).values()).containsExactly("$.memories is missing");
    }

    @Test
    void enumsAreEnforced() {
        assertThat(problem(memory -> memory.put("category", "gossip"))).isEqualTo("$.memories[0].category 'gossip' is not one of "
                + "personal_info, preference, opinion, relationship, event, plan, work, health, other");
        assertThat(problem(memory -> memory.putArray("entities").addObject().put("text", "Lyon").put("type", "CITY")))
                .startsWith("$.memories[0].entities[0].type 'CITY' is not one of PERSON, PLACE, ORGANIZATION");
        assertThat(problem(memory -> memory.putArray("dates").addObject().put("text", "May").put("precision", "SOMETIME")))
                .contains("'SOMETIME' is not one of YEAR, SEASON, MONTH, WEEK, DAY, TIME");
    }

    @Test
    void lengthsAndCountsAreEnforced() {
        assertThat(problem(memory -> memory.put("content", "x".repeat(501))))
                .isEqualTo("$.memories[0].content has 501 characters, at most 500 allowed");
        assertThat(problem(memory -> memory.put("summary", "x".repeat(201)))).contains("201 characters, at most 200 allowed");
        assertThat(problem(memory -> memory.put("content", ""))).isEqualTo("$.memories[0].content is blank");
        assertThat(problem(memory -> repeated("t", 11).forEach(memory.putArray("tags")::add)))
                .isEqualTo("$.memories[0].tags has 11 items, at most 10 allowed");
        assertThat(problem(memory -> memory.putArray("tags").add("x".repeat(41))))
                .isEqualTo("$.memories[0].tags[0] has 41 characters, at most 40 allowed");
        assertThat(problem(memory -> repeated("p", 11).forEach(memory.putArray("people")::add))).contains("at most 10 allowed");
        assertThat(problem(memory -> memory.putArray("people").add("x".repeat(61)))).contains("at most 60 allowed");
        assertThat(problem(memory -> {
            ArrayNode dates = memory.putArray("dates");
            repeated("d", 6).forEach(text -> dates.addObject().put("text", text));
        })).isEqualTo("$.memories[0].dates has 6 items, at most 5 allowed");
        assertThat(problem(memory -> memory.putArray("dates").addObject().put("text", "x".repeat(61))))
                .contains("dates[0].text has 61 characters, at most 60 allowed");
        assertThat(problem(memory -> {
            ArrayNode entities = memory.putArray("entities");
            repeated("e", 21).forEach(text -> entities.addObject().put("text", text).put("type", "THING"));
        })).contains("entities has 21 items, at most 20 allowed");
        assertThat(problem(memory -> memory.putArray("entities").addObject().put("text", "x".repeat(101)).put("type", "THING")))
                .contains("at most 100 allowed");
    }

    @Test
    void requiredFieldsAndSourceMessagesAreEnforced() {
        assertThat(problem(memory -> memory.remove("content"))).isEqualTo("$.memories[0].content is missing");
        assertThat(problem(memory -> memory.remove("source_messages"))).isEqualTo("$.memories[0].source_messages is missing");
        assertThat(problem(memory -> memory.putArray("source_messages"))).isEqualTo("$.memories[0].source_messages is empty");
        assertThat(problem(memory -> memory.putArray("dates").addObject().put("resolved", "2023-05-19")))
                .isEqualTo("$.memories[0].dates[0].text is missing");
        assertThat(problem(memory -> memory.putArray("entities").addObject().put("text", "Lyon")))
                .isEqualTo("$.memories[0].entities[0].type is missing");
    }

    @Test
    void unknownFieldsAreRefusedAndThoseThatWouldSetIdsByName() throws Exception {
        assertThat(problem(memory -> memory.put("mood", "happy"))).isEqualTo("$.memories[0].mood is not a known field; "
                + "allowed: content, summary, category, importance, quality, confidence, entities, dates, people, tags, "
                + "source_messages");
        assertThat(problem(memory -> memory.put("user_id", "admin"))).startsWith("$.memories[0].user_id is not allowed");
        assertThat(problem(memory -> memory.putArray("dates").addObject().put("text", "Friday").put("type", "DATE")))
                .startsWith("$.memories[0].dates[0].type is not a known field");
        assertThat(MemoryAnswerSchema.problems(JSON.readTree("{\"memories\": [], \"session_id\": \"s\"}")).values())
                .singleElement().asString().startsWith("$.session_id is not allowed");
    }

    @Test
    void listsTheCategoriesEntityTypesAndPrecisionsOfTheContract() {
        assertThat(MemoryAnswerSchema.categories()).containsExactly("personal_info", "preference", "opinion", "relationship",
                "event", "plan", "work", "health", "other");
        assertThat(MemoryAnswerSchema.entityTypes()).contains("PERSON", "PET", "THING").hasSize(11);
        assertThat(MemoryAnswerSchema.precisions()).containsExactly("YEAR", "SEASON", "MONTH", "WEEK", "DAY", "TIME");
    }

    private static JsonNode providerForm() throws Exception {
        return JSON.readTree(((JsonRawSchema) MemoryAnswerSchema.FOR_PROVIDERS.rootElement()).schema());
    }

    private static void eachSchema(JsonNode schema, Consumer<JsonNode> check) {
        check.accept(schema);
        schema.path("properties").forEach(property -> eachSchema(property, check));
        if (schema.has("items")) {
            eachSchema(schema.get("items"), check);
        }
    }

    @Test
    void providersAreAskedForEveryFieldWithTheKeywordsEveryDialectTakes() throws Exception {
        JsonNode sent = providerForm();
        assertThat(MemoryAnswerSchema.FOR_PROVIDERS.name()).isEqualTo("memories");
        eachSchema(sent, schema -> {
            assertThat(Set.of("type", "description", "properties", "items", "required", "enum"))
                    .containsAll(() -> schema.fieldNames());
            if (schema.has("properties")) {
                List<String> names = new ArrayList<>();
                schema.get("properties").fieldNames().forEachRemaining(names::add);
                assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactlyElementsOf(names);
            }
        });
        assertThat(sent.at("/properties/memories/items/properties/dates/items/required")).extracting(JsonNode::asText)
                .containsExactly("text", "resolved", "precision");
    }

    @Test
    void theLimitsTheDescriptionsGiveProvidersAreTheOnesTheValidatorEnforces() throws Exception {
        JsonNode file;
        try (InputStream in = MemoryAnswerSchema.class.getResourceAsStream("memory-answer.schema.json")) {
            file = JSON.readTree(in);
        }
        Pattern length = Pattern.compile("at most (\\d+) characters");
        Pattern range = Pattern.compile("^(\\d+)\\b.* to (\\d+)\\b.*");
        List<String> checked = new ArrayList<>();
        eachSchema(file, schema -> {
            String description = schema.path("description").asText();
            Matcher stated = length.matcher(description);
            if (stated.find()) {
                assertThat(schema.path("maxLength").asText()).as(description).isEqualTo(stated.group(1));
                checked.add(description);
            }
            stated = range.matcher(description);
            if (stated.matches()) {
                assertThat(schema.path("minimum").asText()).as(description).isEqualTo(stated.group(1));
                assertThat(schema.path("maximum").asText()).as(description).isEqualTo(stated.group(2));
                checked.add(description);
            }
        });
        assertThat(checked).as("content, summary, importance, quality, confidence").hasSize(5);
    }
}
