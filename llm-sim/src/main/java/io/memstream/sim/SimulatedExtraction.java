package io.memstream.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/**
 * A stand-in for a model's extraction: reads the transcript out of memstream's prompt (the JSON array between
 * {@code <chat_messages>} tags) and proposes one memory per user message with at least four words, up to a limit,
 * in valid answer JSON. Deterministic for a prompt, unless a call counter is given: then each memory's content
 * carries the number of the call that made it, which tells a re-driven batch's answer from the first one.
 */
public final class SimulatedExtraction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxMemories;
    private final IntSupplier callNumbers;

    private SimulatedExtraction(int maxMemories, IntSupplier callNumbers) {
        this.maxMemories = maxMemories;
        this.callNumbers = callNumbers;
    }

    /** The same answer for the same prompt. */
    public static SimulatedExtraction deterministic(int maxMemories) {
        return new SimulatedExtraction(maxMemories, null);
    }

    /** Answers that differ per call: contents end with " (answer N)". */
    public static SimulatedExtraction numbered(int maxMemories, IntSupplier callNumbers) {
        return new SimulatedExtraction(maxMemories, callNumbers);
    }

    /** The answer JSON for a prompt. */
    public String answer(String userPrompt) {
        String suffix = callNumbers == null ? "" : " (answer " + callNumbers.getAsInt() + ")";
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode memories = answer.putArray("memories");
        for (JsonNode line : transcript(userPrompt)) {
            String text = line.path("text").asText().strip();
            if (!"user".equals(line.path("role").asText()) || text.split("\\s+").length < 4) {
                continue;
            }
            if (memories.size() == maxMemories) {
                break;
            }
            String content = abbreviate(text, 480) + suffix;
            ObjectNode memory = memories.addObject();
            memory.put("content", content)
                    .put("summary", abbreviate("User said: " + text, 200))
                    .put("category", "other")
                    .put("importance", 5)
                    .put("quality", 3)
                    .put("confidence", 0.8);
            memory.putArray("entities");
            memory.putArray("date_phrases");
            memory.putArray("people");
            memory.putArray("tags").add("simulated");
            memory.putArray("source_messages").add(line.path("n").asInt());
        }
        try {
            return JSON.writeValueAsString(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The transcript array of memstream's prompt; empty when the prompt has none. */
    public static JsonNode transcript(String userPrompt) {
        int start = userPrompt.indexOf("<chat_messages>");
        int end = userPrompt.indexOf("</chat_messages>");
        if (start < 0 || end < start) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(userPrompt.substring(start + "<chat_messages>".length(), end));
        } catch (IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
