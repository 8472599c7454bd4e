package io.memstream.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.feed.ChatMessageJson;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A part of the labelled evaluation set: conversations in the demo's input format and, for every user message, the
 * memories a careful person would note from it. Reading checks the labels against the messages and reports the first
 * problem with its file and line, so that a label writer knows what to fix.
 *
 * @param name the part ("dev", "heldout") or the messages file's name
 * @param messages the messages in file order
 * @param labels expected memories by user message id, in file order; every user message has an entry
 */
record EvaluationSet(String name, List<ChatMessage> messages, Map<String, List<ExpectedMemory>> labels) {

    /** The parts bundled in the jar, in the order {@code --set all} prints them. */
    static final List<String> PARTS = List.of("dev", "heldout");

    /**
     * The files of each part, read in this order as one part: {@code <file>-messages.jsonl} and
     * {@code <file>-labels.jsonl}. The dev part grows by files of their own (the people sessions), so that each can
     * also be scored alone with {@code --messages} and {@code --labels}.
     */
    private static final Map<String, List<String>> FILES = Map.of(
            "dev", List.of("dev", "dev-people", "dev-casual"),
            "heldout", List.of("heldout"));

    /** Resource folder of the bundled parts: {@code <part>-messages.jsonl} and {@code <part>-labels.jsonl}. */
    static final String RESOURCE_FOLDER = "/eval/";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The bundled part, or empty when this build does not carry it (its first file is missing). */
    static Optional<EvaluationSet> bundled(String part) {
        if (!PARTS.contains(part)) {
            throw new IllegalArgumentException("unknown part '" + part + "': use one of " + PARTS + " or all");
        }
        List<ChatMessage> messages = new ArrayList<>();
        Map<String, List<ExpectedMemory>> labels = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (String file : FILES.get(part)) {
            Optional<EvaluationSet> read = bundledFile(part, file);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            for (ChatMessage message : read.get().messages()) {
                if (!ids.add(message.getMessageId())) {
                    throw new IllegalArgumentException(RESOURCE_FOLDER + file + "-messages.jsonl: message_id '"
                            + message.getMessageId() + "' is also in an earlier file of part " + part);
                }
                messages.add(message);
            }
            labels.putAll(read.get().labels());
        }
        return Optional.of(new EvaluationSet(part, List.copyOf(messages), labels));
    }

    private static Optional<EvaluationSet> bundledFile(String part, String file) {
        String messages = RESOURCE_FOLDER + file + "-messages.jsonl";
        String labels = RESOURCE_FOLDER + file + "-labels.jsonl";
        try (InputStream m = EvaluationSet.class.getResourceAsStream(messages);
             InputStream l = EvaluationSet.class.getResourceAsStream(labels)) {
            if (m == null || l == null) {
                return Optional.empty();
            }
            return Optional.of(read(part, reader(m), messages, reader(l), labels));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EvaluationSet fromFiles(Path messages, Path labels) {
        for (Path file : List.of(messages, labels)) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file.toAbsolutePath());
            }
        }
        try (BufferedReader m = Files.newBufferedReader(messages, StandardCharsets.UTF_8);
             BufferedReader l = Files.newBufferedReader(labels, StandardCharsets.UTF_8)) {
            return read(messages.getFileName().toString(), m, messages.toString(), l, labels.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EvaluationSet read(String name, BufferedReader messageLines, String messagesSource,
                              BufferedReader labelLines, String labelsSource) throws IOException {
        List<ChatMessage> messages = new ArrayList<>();
        Map<String, ChatMessage> byId = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line = messageLines.readLine(); line != null; line = messageLines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            ChatMessage message;
            try {
                message = ChatMessageJson.parse(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(messagesSource + ":" + lineNumber + ": " + e.getMessage());
            }
            if (byId.putIfAbsent(message.getMessageId(), message) != null) {
                throw new IllegalArgumentException(messagesSource + ":" + lineNumber + ": message_id '"
                        + message.getMessageId() + "' appears twice; message ids must be unique in a part");
            }
            messages.add(message);
        }
        Map<String, List<ExpectedMemory>> labels = new LinkedHashMap<>();
        lineNumber = 0;
        for (String line = labelLines.readLine(); line != null; line = labelLines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String where = labelsSource + ":" + lineNumber + ": ";
            try {
                JsonNode node = JSON.readTree(line);
                String id = label(node, byId, labels);
                labels.put(id, expectedMemories(id, node.get("memories")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + "not valid JSON: " + e.getOriginalMessage());
            }
        }
        for (ChatMessage message : messages) {
            if (isUserMessage(message) && !labels.containsKey(message.getMessageId())) {
                throw new IllegalArgumentException(labelsSource + ": user message '" + message.getMessageId()
                        + "' has no label line; add {\"message_id\": \"" + message.getMessageId()
                        + "\", \"memories\": []} when nothing is worth noting");
            }
        }
        return new EvaluationSet(name, List.copyOf(messages), labels);
    }

    /** The message id of a label line, checked against the messages and the lines read before. */
    private static String label(JsonNode node, Map<String, ChatMessage> messages,
                                Map<String, List<ExpectedMemory>> labels) {
        if (node == null || !node.isObject() || !node.path("message_id").isTextual()) {
            throw new IllegalArgumentException("expected {\"message_id\": \"...\", \"memories\": [...]}");
        }
        String id = node.get("message_id").asText();
        ChatMessage message = messages.get(id);
        if (message == null) {
            throw new IllegalArgumentException("message_id '" + id + "' is not in the messages file");
        }
        if (!isUserMessage(message)) {
            throw new IllegalArgumentException("message '" + id + "' is not a user message; label user messages only");
        }
        if (labels.containsKey(id)) {
            throw new IllegalArgumentException("message '" + id + "' is labelled twice");
        }
        if (!node.path("memories").isArray()) {
            throw new IllegalArgumentException("'memories' must be an array ([] when nothing is worth noting)");
        }
        return id;
    }

    private static List<ExpectedMemory> expectedMemories(String messageId, JsonNode memories) {
        List<ExpectedMemory> expected = new ArrayList<>();
        for (JsonNode memory : memories) {
            List<String> keywords = texts(memory.get("keywords"), "keywords");
            if (keywords.isEmpty() || keywords.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("memory " + (expected.size() + 1)
                        + " needs 'keywords': 1-3 words of the message that any faithful memory contains");
            }
            String category = memory.path("category").asText("");
            if (!ExpectedMemory.CATEGORIES.contains(category)) {
                throw new IllegalArgumentException("memory " + (expected.size() + 1) + " has category '" + category
                        + "'; use one of " + ExpectedMemory.CATEGORIES);
            }
            List<String> dates = new ArrayList<>();
            for (JsonNode date : array(memory.get("dates"), "dates")) {
                if (!date.path("resolved").isTextual() || date.get("resolved").asText().isBlank()) {
                    throw new IllegalArgumentException("a date of memory " + (expected.size() + 1)
                            + " has no 'resolved' value: write {\"text\": \"yesterday\", \"resolved\": \"2023-05-07\"}");
                }
                dates.add(date.get("resolved").asText());
            }
            List<ExpectedMemory.Entity> entities = new ArrayList<>();
            for (JsonNode entity : array(memory.get("entities"), "entities")) {
                if (!entity.path("text").isTextual() || !entity.path("type").isTextual()) {
                    throw new IllegalArgumentException("an entity of memory " + (expected.size() + 1)
                            + " needs 'text' and 'type', e.g. {\"text\": \"Miso\", \"type\": \"PET\"}");
                }
                entities.add(new ExpectedMemory.Entity(entity.get("text").asText(), entity.get("type").asText()));
            }
            expected.add(new ExpectedMemory(messageId, keywords, category, List.copyOf(dates),
                    texts(memory.get("people"), "people"), List.copyOf(entities)));
        }
        return List.copyOf(expected);
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array");
        }
        return node;
    }

    private static List<String> texts(JsonNode node, String field) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : array(node, field)) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' must be an array of strings");
            }
            texts.add(item.asText());
        }
        return List.copyOf(texts);
    }

    static boolean isUserMessage(ChatMessage message) {
        return message.getRole() == Role.USER && message.getType() == MessageType.MESSAGE;
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /**
     * The same part with every timestamp moved {@code years} later on the writer's calendar (same local time of day
     * in the writer's zone): a run over it must remember as much as over the original.
     */
    EvaluationSet shiftedByYears(int years) {
        List<ChatMessage> shifted = new ArrayList<>();
        for (ChatMessage message : messages) {
            ZoneId zone = message.getTimezone() == null ? ZoneOffset.UTC : ZoneId.of(message.getTimezone());
            shifted.add(ChatMessage.newBuilder(message)
                    .setTimestamp(message.getTimestamp().atZone(zone).plusYears(years).toInstant())
                    .build());
        }
        return new EvaluationSet(name + " +" + years + " years", List.copyOf(shifted), labels);
    }

    long userMessages() {
        return messages.stream().filter(EvaluationSet::isUserMessage).count();
    }

    int expectedMemories() {
        return labels.values().stream().mapToInt(List::size).sum();
    }

    long sessions() {
        Set<String> sessions = new HashSet<>();
        messages.forEach(m -> sessions.add(m.getSessionId()));
        return sessions.size();
    }
}
