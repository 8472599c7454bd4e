package io.memstream.enrichment.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.memstream.enrichment.llm.MemoryDraft.DraftDate;
import io.memstream.enrichment.llm.MemoryDraft.DraftEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a model's answer into {@link MemoryDraft}s. Strict where a value could mean two things, tolerant where it can
 * mean only one, because small local models wrap and type their JSON loosely and every refusal costs a repair call:
 * <ul>
 *   <li>tolerated: text around exactly one JSON object (a Markdown code fence, "Here are the memories:"), a number
 *       written as a string ("7", "0.8") or an integer written as a decimal (7.0), a category or type in another
 *       case ("Plan"), missing optional lists (entities, dates, people, tags), a date given as a plain string;</li>
 *   <li>refused, with every problem named for the repair request: a second JSON value, duplicate keys, unknown
 *       fields, a number that is not one ("high", 4.5 for an integer), values out of range (importance 1-10, quality
 *       1-5, confidence 0-1), an unknown category or entity type (the repair lets the model pick the right one
 *       rather than code guessing "other"), lengths, and source messages that do not exist.</li>
 * </ul>
 * Fields that would set ids, the user, the session or the batch are refused by name: code sets those. Dates come as
 * {@code "dates": [{"text", "resolved", "precision"}]} (prompt memories-v2) or {@code "date_phrases": ["text"]}
 * (memories-v1); the resolutions are checked later, by {@link MemoryAssembler}.
 */
public final class ModelAnswerParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Reads the first value only; what follows it is checked by {@link #read}. */
    private static final ObjectReader ONE_VALUE = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("content", "summary", "category", "importance", "quality",
            "confidence", "entities", "dates", "date_phrases", "people", "tags", "source_messages");
    private static final Set<String> DATE_FIELDS = Set.of("text", "resolved", "precision");
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");
    private static final Set<String> CODE_OWNED = Set.of("memory_id", "id", "user_id", "session_id", "batch_id",
            "batch_ids", "agent_id", "source_message_ids", "model", "prompt_version");
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
        JsonNode root = read(answer.strip());
        Problems problems = new Problems();
        if (!root.isObject()) {
            problems.add("$", "must be a JSON object {\"memories\": [...]}, not " + kind(root));
            throw problems.failure();
        }
        unknownFields(root, Set.of("memories"), "$", problems);
        JsonNode memories = root.get("memories");
        List<MemoryDraft> drafts = new ArrayList<>();
        if (memories == null || !memories.isArray()) {
            problems.add("$.memories", memories == null ? "is missing" : "must be an array, not " + kind(memories));
        } else {
            if (memories.size() > maxMemories) {
                problems.add("$.memories", "has " + memories.size() + " memories, at most " + maxMemories + " allowed: keep the most important");
            }
            for (int i = 0; i < memories.size(); i++) {
                MemoryDraft draft = memory(memories.get(i), "$.memories[" + i + "]", messageCount, problems);
                if (draft != null) {
                    drafts.add(draft);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw problems.failure();
        }
        return drafts;
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

    private MemoryDraft memory(JsonNode node, String path, int messageCount, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object, not " + kind(node));
            return null;
        }
        int before = problems.size();
        unknownFields(node, FIELDS, path, problems);
        String content = text(node, "content", path, MemoryDraft.MAX_CONTENT, problems);
        String summary = text(node, "summary", path, MemoryDraft.MAX_SUMMARY, problems);
        String category = oneOf(node.get("category"), MemoryDraft.CATEGORIES, path + ".category", problems);
        int importance = integer(node, "importance", path, 1, 10, problems);
        int quality = integer(node, "quality", path, 1, 5, problems);
        double confidence = confidence(node, path, problems);
        List<DraftEntity> entities = entities(node.get("entities"), path + ".entities", problems);
        List<DraftDate> dates = new ArrayList<>(dates(node.get("dates"), path + ".dates", problems));
        strings(node.get("date_phrases"), path + ".date_phrases", MemoryDraft.MAX_DATE_PHRASES,
                MemoryDraft.MAX_DATE_PHRASE, problems).forEach(phrase -> dates.add(DraftDate.phrase(phrase)));
        List<String> people = strings(node.get("people"), path + ".people", MemoryDraft.MAX_PEOPLE,
                MemoryDraft.MAX_PERSON, problems);
        List<String> tags = strings(node.get("tags"), path + ".tags", MemoryDraft.MAX_TAGS, MemoryDraft.MAX_TAG, problems);
        List<Integer> sources = sources(node.get("source_messages"), path + ".source_messages", messageCount, problems);
        if (problems.size() > before) {
            return null;
        }
        return new MemoryDraft(content, summary, category, importance, quality, confidence, entities, List.copyOf(dates),
                people, tags, sources);
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String path, Problems problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (CODE_OWNED.contains(name)) {
                problems.add(path + "." + name, "is not allowed: ids, users, sessions and batches are set by the system, "
                        + "not by the answer");
            } else if (!allowed.contains(name)) {
                problems.add(path + "." + name, "is not a known field; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private static String text(JsonNode node, String field, String path, int maxLength, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null) {
            problems.add(path + "." + field, "is missing");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(path + "." + field, "must be a string, not " + kind(value));
            return null;
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            problems.add(path + "." + field, "is blank");
        } else if (text.length() > maxLength) {
            problems.add(path + "." + field, "has " + text.length() + " characters, at most " + maxLength + " allowed");
        }
        return text;
    }

    private static String oneOf(JsonNode value, List<String> allowed, String path, Problems problems) {
        if (value == null) {
            problems.add(path, "is missing");
            return null;
        }
        String match = value.isTextual() ? allowed.stream()
                .filter(candidate -> candidate.equalsIgnoreCase(value.asText().strip())).findFirst().orElse(null) : null;
        if (match == null) {
            problems.add(path, (value.isTextual() ? "'" + value.asText() + "'" : kind(value)) + " is not one of "
                    + String.join(", ", allowed));
        }
        return match;
    }

    private static int integer(JsonNode node, String field, String path, int min, int max, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null) {
            problems.add(path + "." + field, "is missing");
            return 0;
        }
        Integer number = integerValue(value);
        if (number == null) {
            problems.add(path + "." + field, "must be an integer, not " + kind(value));
            return 0;
        }
        if (number < min || number > max) {
            problems.add(path + "." + field, value.asText() + " is not in " + min + ".." + max);
            return 0;
        }
        return number;
    }

    private static double confidence(JsonNode node, String path, Problems problems) {
        JsonNode value = node.get("confidence");
        if (value == null) {
            problems.add(path + ".confidence", "is missing");
            return 0;
        }
        boolean numberText = value.isTextual() && DECIMAL_TEXT.matcher(value.asText().strip()).matches();
        if (!value.isNumber() && !numberText) {
            problems.add(path + ".confidence", "must be a number, not " + kind(value));
            return 0;
        }
        double confidence = numberText ? Double.parseDouble(value.asText().strip()) : value.asDouble();
        if (!(confidence >= 0 && confidence <= 1)) {
            problems.add(path + ".confidence", value.asText() + " is not in 0..1");
        }
        return confidence;
    }

    private static List<DraftEntity> entities(JsonNode value, String path, Problems problems) {
        if (!isArray(value, path, MemoryDraft.MAX_ENTITIES, problems)) {
            return List.of();
        }
        List<DraftEntity> entities = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode entity = value.get(i);
            String at = path + "[" + i + "]";
            if (!entity.isObject()) {
                problems.add(at, "must be an object {\"text\", \"type\"}, not " + kind(entity));
                continue;
            }
            unknownFields(entity, Set.of("text", "type"), at, problems);
            String text = text(entity, "text", at, MemoryDraft.MAX_ENTITY_TEXT, problems);
            String type = oneOf(entity.get("type"), MemoryDraft.ENTITY_TYPES, at + ".type", problems);
            if (text != null && type != null) {
                entities.add(new DraftEntity(text, type));
            }
        }
        return entities;
    }

    private static List<String> strings(JsonNode value, String path, int maxItems, int maxLength, Problems problems) {
        if (!isArray(value, path, maxItems, problems)) {
            return List.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String at = path + "[" + i + "]";
            if (!item.isTextual()) {
                problems.add(at, "must be a string, not " + kind(item));
            } else if (item.asText().isBlank()) {
                problems.add(at, "is blank");
            } else if (item.asText().strip().length() > maxLength) {
                problems.add(at, "has more than " + maxLength + " characters");
            } else {
                items.add(item.asText().strip());
            }
        }
        return List.copyOf(items);
    }

    /** Optional list fields: absent means empty. */
    private static boolean isArray(JsonNode value, String path, int maxItems, Problems problems) {
        if (value == null) {
            return false;
        }
        if (!value.isArray()) {
            problems.add(path, "must be an array, not " + kind(value));
            return false;
        }
        if (value.size() > maxItems) {
            problems.add(path, "has " + value.size() + " items, at most " + maxItems + " allowed");
            return false;
        }
        return true;
    }

    private static List<Integer> sources(JsonNode value, String path, int messageCount, Problems problems) {
        if (value == null) {
            problems.add(path, "is missing: name the numbers n of the messages the memory comes from");
            return List.of();
        }
        if (!value.isArray() || value.isEmpty()) {
            problems.add(path, value.isArray() ? "is empty: name at least one message number n"
                    : "must be an array of message numbers, not " + kind(value));
            return List.of();
        }
        Set<Integer> sources = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode n = value.get(i);
            Integer number = integerValue(n);
            if (number == null || number < 1 || number > messageCount) {
                problems.add(path + "[" + i + "]", n.asText() + " is not a message number 1.." + messageCount);
            } else {
                sources.add(number);
            }
        }
        return List.copyOf(sources);
    }

    /** An integer, a decimal without fraction (7.0) or a string of digits ("7"); null for anything else. */
    private static Integer integerValue(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())
                && Math.abs(value.asDouble()) <= Integer.MAX_VALUE) {
            return (int) value.asDouble();
        }
        if (value.isTextual() && INTEGER_TEXT.matcher(value.asText().strip()).matches()) {
            return Integer.parseInt(value.asText().strip());
        }
        return null;
    }

    /** {@code [{"text", "resolved", "precision"}]}; a plain string is a phrase without resolution. */
    private static List<DraftDate> dates(JsonNode value, String path, Problems problems) {
        if (!isArray(value, path, MemoryDraft.MAX_DATE_PHRASES, problems)) {
            return List.of();
        }
        List<DraftDate> dates = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode date = value.get(i);
            String at = path + "[" + i + "]";
            if (date.isTextual()) {
                String text = date.asText().strip();
                if (text.isEmpty() || text.length() > MemoryDraft.MAX_DATE_PHRASE) {
                    problems.add(at, text.isEmpty() ? "is blank" : "has more than " + MemoryDraft.MAX_DATE_PHRASE
                            + " characters");
                } else {
                    dates.add(DraftDate.phrase(text));
                }
                continue;
            }
            if (!date.isObject()) {
                problems.add(at, "must be an object {\"text\", \"resolved\", \"precision\"}, not " + kind(date));
                continue;
            }
            unknownFields(date, DATE_FIELDS, at, problems);
            String text = text(date, "text", at, MemoryDraft.MAX_DATE_PHRASE, problems);
            JsonNode resolved = date.get("resolved");
            JsonNode precision = date.get("precision");
            String precisionName = precision != null && precision.isTextual()
                    ? precision.asText().strip().toUpperCase(Locale.ROOT) : null;
            if (text != null && !text.isEmpty() && text.length() <= MemoryDraft.MAX_DATE_PHRASE) {
                dates.add(new DraftDate(text,
                        resolved == null || resolved.isNull() || resolved.asText().isBlank() ? null : resolved.asText().strip(),
                        precisionName != null && MemoryDraft.PRECISIONS.contains(precisionName) ? precisionName : null));
            }
        }
        return dates;
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

    /** Problems found so far, each with its JSON path. */
    private static final class Problems {

        private final List<String> found = new ArrayList<>();

        void add(String path, String problem) {
            found.add(path + " " + problem);
        }

        int size() {
            return found.size();
        }

        boolean isEmpty() {
            return found.isEmpty();
        }

        InvalidModelOutputException failure() {
            String listed = String.join("; ", found.subList(0, Math.min(found.size(), MAX_REPORTED_PROBLEMS)));
            String more = found.size() > MAX_REPORTED_PROBLEMS ? "; and " + (found.size() - MAX_REPORTED_PROBLEMS) + " more" : "";
            return new InvalidModelOutputException(found.size() + (found.size() == 1 ? " problem: " : " problems: ")
                    + listed + more);
        }
    }
}
