package io.memstream.enrichment.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.memstream.enrichment.llm.MemoryDraft.DraftEntity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's answer into {@link MemoryDraft}s, strictly: one JSON object (a single Markdown code fence around it
 * is tolerated), no duplicate keys, no unknown fields, exact types (an integer is not "5" nor 5.0), ranges
 * (importance 1-10, quality 1-5, confidence 0-1), enums, lengths, and source messages that exist. Fields that would
 * set ids, the user, the session or the batch are refused by name: code sets those.
 */
public final class ModelAnswerParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern CODE_FENCE = Pattern.compile("(?s)^```(?:json)?\\s*\\n(.*?)\\n?```$");
    private static final Set<String> FIELDS = Set.of("content", "summary", "category", "importance", "quality",
            "confidence", "entities", "date_phrases", "people", "tags", "source_messages");
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
        JsonNode root = read(withoutCodeFence(answer.strip()));
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

    private static String withoutCodeFence(String answer) {
        Matcher fence = CODE_FENCE.matcher(answer);
        return fence.matches() ? fence.group(1).strip() : answer;
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonEOFException e) {
            throw new InvalidModelOutputException("the JSON is truncated (it ends at character " + text.length()
                    + " inside an unfinished value): reply with the complete object, shorter if needed");
        } catch (JsonProcessingException e) {
            throw new InvalidModelOutputException("the answer is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
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
        List<String> dates = strings(node.get("date_phrases"), path + ".date_phrases", MemoryDraft.MAX_DATE_PHRASES,
                MemoryDraft.MAX_DATE_PHRASE, problems);
        List<String> people = strings(node.get("people"), path + ".people", MemoryDraft.MAX_PEOPLE,
                MemoryDraft.MAX_PERSON, problems);
        List<String> tags = strings(node.get("tags"), path + ".tags", MemoryDraft.MAX_TAGS, MemoryDraft.MAX_TAG, problems);
        List<Integer> sources = sources(node.get("source_messages"), path + ".source_messages", messageCount, problems);
        if (problems.size() > before) {
            return null;
        }
        return new MemoryDraft(content, summary, category, importance, quality, confidence, entities, dates, people,
                tags, sources);
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
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            problems.add(path, (value.isTextual() ? "'" + value.asText() + "'" : kind(value)) + " is not one of "
                    + String.join(", ", allowed));
            return null;
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, String path, int min, int max, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null) {
            problems.add(path + "." + field, "is missing");
            return 0;
        }
        if (!value.isIntegralNumber()) {
            problems.add(path + "." + field, "must be an integer, not " + kind(value));
            return 0;
        }
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            problems.add(path + "." + field, value.asText() + " is not in " + min + ".." + max);
            return 0;
        }
        return value.asInt();
    }

    private static double confidence(JsonNode node, String path, Problems problems) {
        JsonNode value = node.get("confidence");
        if (value == null) {
            problems.add(path + ".confidence", "is missing");
            return 0;
        }
        if (!value.isNumber()) {
            problems.add(path + ".confidence", "must be a number, not " + kind(value));
            return 0;
        }
        double confidence = value.asDouble();
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
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > messageCount) {
                problems.add(path + "[" + i + "]", n.asText() + " is not a message number 1.." + messageCount);
            } else {
                sources.add(n.asInt());
            }
        }
        return List.copyOf(sources);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
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
