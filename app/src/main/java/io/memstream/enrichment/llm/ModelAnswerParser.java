package io.memstream.enrichment.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.memstream.enrichment.llm.MemoryDraft.DraftDate;
import io.memstream.enrichment.llm.MemoryDraft.DraftEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Reads a model's answer into {@link MemoryDraft}s in three steps. Strict where a value could mean two things,
 * tolerant where it can mean only one, because small local models wrap and type their JSON loosely and every refusal
 * costs a repair call.
 * <ol>
 *   <li>Normalise: the one JSON object in the text (around it a Markdown code fence or "Here are the memories:" is
 *       fine, a second JSON value or a duplicate key is not), then every value with exactly one reading written as
 *       that reading: a number written as a string ("7", "0.8") or an integer as a decimal (7.0), a category or type
 *       in another case ("Plan"), a date given as a plain string or without its resolution, the prompt memories-v1's
 *       {@code date_phrases}, text with white space around it.</li>
 *   <li>Validate against {@link MemoryAnswerSchema} (types, ranges, enums, lengths, unknown fields, what is
 *       required), and the two limits of this prompt the schema cannot know: the number of memories and the message
 *       numbers the transcript has. Every problem is named, with its JSON path, for the repair request; an unknown
 *       category is refused rather than guessed as "other", as the repair lets the model pick the right one.</li>
 *   <li>Map the valid answer to drafts; the dates' resolutions are checked later, by {@link MemoryAssembler}.</li>
 * </ol>
 */
public final class ModelAnswerParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Reads the first value only; what follows it is checked by {@link #read}. */
    private static final ObjectReader ONE_VALUE = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");
    private static final List<String> CATEGORIES = MemoryAnswerSchema.categories();
    private static final List<String> ENTITY_TYPES = MemoryAnswerSchema.entityTypes();
    private static final List<String> PRECISIONS = MemoryAnswerSchema.precisions();
    private static final int MAX_REPORTED_PROBLEMS = 10;

    private final int maxMemories;

    public ModelAnswerParser(int maxMemories) {
        this.maxMemories = maxMemories;
    }

    /**
     * The memories of an answer to a prompt showing {@code messageCount} numbered messages.
     *
     * @throws InvalidModelOutputException naming every problem found
     */
    public List<MemoryDraft> parse(String answer, int messageCount) {
        if (answer == null || answer.isBlank()) {
            throw new InvalidModelOutputException("the answer is empty: reply with the JSON object {\"memories\": [...]}");
        }
        JsonNode normal = normalised(read(answer.strip()));
        Map<String, String> problems = promptLimits(normal, messageCount);
        MemoryAnswerSchema.problems(normal).forEach(problems::putIfAbsent);
        if (!problems.isEmpty()) {
            throw failure(List.copyOf(problems.values()));
        }
        return StreamSupport.stream(normal.get("memories").spliterator(), false).map(ModelAnswerParser::draft).toList();
    }

    /**
     * The one JSON value of the answer, from its first "{" when it does not start with one: text before it is prose or
     * a code fence, text after it may be prose or a closing fence but no second object or array.
     */
    private static JsonNode read(String text) {
        int start = text.startsWith("[") ? 0 : Math.max(0, text.indexOf('{'));
        try (JsonParser parser = JSON.createParser(text.substring(start))) {
            JsonNode root = ONE_VALUE.readTree(parser);
            if (root == null) {
                throw new InvalidModelOutputException("the answer is not valid JSON: it holds no JSON value");
            }
            String after = text.substring(start + (int) parser.currentLocation().getCharOffset());
            if (after.indexOf('{') >= 0 || after.strip().startsWith("[")) {
                throw new InvalidModelOutputException("the answer is not valid JSON: more than one JSON value; "
                        + "reply with exactly one object {\"memories\": [...]}");
            }
            return root;
        } catch (JsonEOFException e) {
            throw new InvalidModelOutputException("the JSON is truncated (it ends at character " + text.length()
                    + " inside an unfinished value): reply with the complete object, shorter if needed");
        } catch (JsonProcessingException e) {
            throw new InvalidModelOutputException("the answer is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    /** The answer with every value that has one reading written as that reading; what has none is left for the schema. */
    private static JsonNode normalised(JsonNode root) {
        JsonNode copy = root.deepCopy();
        if (copy.path("memories").isArray()) {
            copy.get("memories").forEach(memory -> {
                if (memory instanceof ObjectNode fields) {
                    normaliseMemory(fields);
                }
            });
        }
        return copy;
    }

    private static void normaliseMemory(ObjectNode memory) {
        JsonNode phrases = memory.remove("date_phrases");
        if (phrases != null && phrases.isArray() && (memory.get("dates") == null || memory.get("dates").isArray())) {
            ArrayNode dates = memory.has("dates") ? (ArrayNode) memory.get("dates") : memory.putArray("dates");
            dates.addAll((ArrayNode) phrases);
        } else if (phrases != null) {
            memory.set("date_phrases", phrases);
        }
        replace(memory, "content", ModelAnswerParser::stripped);
        replace(memory, "summary", ModelAnswerParser::stripped);
        replace(memory, "category", value -> oneOf(value, CATEGORIES));
        replace(memory, "importance", ModelAnswerParser::integer);
        replace(memory, "quality", ModelAnswerParser::integer);
        replace(memory, "confidence", ModelAnswerParser::decimal);
        eachItem(memory, "entities", entity -> {
            if (entity instanceof ObjectNode fields) {
                replace(fields, "text", ModelAnswerParser::stripped);
                replace(fields, "type", value -> oneOf(value, ENTITY_TYPES));
            }
            return entity;
        });
        eachItem(memory, "dates", ModelAnswerParser::date);
        eachItem(memory, "people", ModelAnswerParser::stripped);
        eachItem(memory, "tags", ModelAnswerParser::stripped);
        eachItem(memory, "source_messages", ModelAnswerParser::integer);
    }

    /** A date as {@code {"text", "resolved", "precision"}}: a plain string is a phrase, a blank or unknown part is none. */
    private static JsonNode date(JsonNode date) {
        if (date.isTextual()) {
            return JSON.createObjectNode().put("text", date.asText().strip());
        }
        if (!(date instanceof ObjectNode fields)) {
            return date;
        }
        replace(fields, "text", ModelAnswerParser::stripped);
        JsonNode resolved = fields.remove("resolved");
        if (resolved != null && resolved.isValueNode() && !resolved.isNull() && !resolved.asText().isBlank()) {
            fields.put("resolved", resolved.asText().strip());
        }
        JsonNode precision = fields.remove("precision");
        String name = precision != null && precision.isTextual() ? precision.asText().strip().toUpperCase(Locale.ROOT) : "";
        if (PRECISIONS.contains(name)) {
            fields.put("precision", name);
        }
        return fields;
    }

    private static void replace(ObjectNode object, String field, UnaryOperator<JsonNode> reading) {
        JsonNode value = object.get(field);
        if (value != null) {
            object.set(field, reading.apply(value));
        }
    }

    private static void eachItem(ObjectNode object, String field, UnaryOperator<JsonNode> reading) {
        if (object.get(field) instanceof ArrayNode items) {
            for (int i = 0; i < items.size(); i++) {
                items.set(i, reading.apply(items.get(i)));
            }
        }
    }

    private static JsonNode stripped(JsonNode value) {
        return value.isTextual() ? TextNode.valueOf(value.asText().strip()) : value;
    }

    private static JsonNode oneOf(JsonNode value, List<String> allowed) {
        return !value.isTextual() ? value : allowed.stream().filter(name -> name.equalsIgnoreCase(value.asText().strip()))
                .findFirst().<JsonNode>map(TextNode::valueOf).orElse(value);
    }

    /** An integer, a decimal without fraction (7.0) or a string of digits ("7") as the integer; anything else as it is. */
    private static JsonNode integer(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return IntNode.valueOf(value.asInt());
        }
        if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())
                && Math.abs(value.asDouble()) <= Integer.MAX_VALUE) {
            return IntNode.valueOf((int) value.asDouble());
        }
        if (value.isTextual() && INTEGER_TEXT.matcher(value.asText().strip()).matches()) {
            return IntNode.valueOf(Integer.parseInt(value.asText().strip()));
        }
        return value;
    }

    private static JsonNode decimal(JsonNode value) {
        return value.isTextual() && DECIMAL_TEXT.matcher(value.asText().strip()).matches()
                ? DoubleNode.valueOf(Double.parseDouble(value.asText().strip())) : value;
    }

    /**
     * The limits of this prompt, by place: at most {@code maxMemories} memories, and source messages that the transcript
     * has. They come before the schema's problems, so a source message that is no number is named as no message number.
     */
    private Map<String, String> promptLimits(JsonNode answer, int messageCount) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonNode memories = answer.path("memories");
        if (!memories.isArray()) {
            return problems;
        }
        if (memories.size() > maxMemories) {
            problems.put("$.memories", "$.memories has " + memories.size() + " memories, at most " + maxMemories
                    + " allowed: keep the most important");
        }
        for (int i = 0; i < memories.size(); i++) {
            JsonNode sources = memories.get(i).path("source_messages");
            for (int j = 0; j < sources.size() && sources.isArray(); j++) {
                JsonNode n = sources.get(j);
                if (!n.isInt() || n.asInt() < 1 || n.asInt() > messageCount) {
                    String place = "$.memories[" + i + "].source_messages[" + j + "]";
                    problems.put(place, place + " " + n.asText() + " is not a message number 1.." + messageCount);
                }
            }
        }
        return problems;
    }

    /** A draft of a valid memory: lists left out are empty, repeated people, tags and sources count once. */
    private static MemoryDraft draft(JsonNode memory) {
        return new MemoryDraft(memory.get("content").asText(), memory.get("summary").asText(),
                memory.get("category").asText(), memory.get("importance").asInt(), memory.get("quality").asInt(),
                memory.get("confidence").asDouble(),
                items(memory.path("entities")).stream()
                        .map(entity -> new DraftEntity(entity.get("text").asText(), entity.get("type").asText())).toList(),
                items(memory.path("dates")).stream().map(date -> new DraftDate(date.get("text").asText(),
                        date.has("resolved") ? date.get("resolved").asText() : null,
                        date.has("precision") ? date.get("precision").asText() : null)).toList(),
                distinct(memory.path("people"), JsonNode::asText), distinct(memory.path("tags"), JsonNode::asText),
                distinct(memory.path("source_messages"), JsonNode::asInt));
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static <T> List<T> distinct(JsonNode array, Function<JsonNode, T> value) {
        Set<T> distinct = new LinkedHashSet<>();
        array.forEach(item -> distinct.add(value.apply(item)));
        return List.copyOf(distinct);
    }

    private static InvalidModelOutputException failure(List<String> found) {
        String listed = String.join("; ", found.subList(0, Math.min(found.size(), MAX_REPORTED_PROBLEMS)));
        String more = found.size() > MAX_REPORTED_PROBLEMS ? "; and " + (found.size() - MAX_REPORTED_PROBLEMS) + " more" : "";
        return new InvalidModelOutputException(found.size() + (found.size() == 1 ? " problem: " : " problems: ")
                + listed + more);
    }
}
