package io.memstream.enrichment.llm;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The extraction prompt, a versioned resource ({@code prompts/<version>.prompt} next to this class) with a system,
 * a user and a repair section. The chat goes in as data: a JSON array of {@code {"n", "role", "text"}}
 * ({@code {{messages}}}) or {@code {"n", "role", "written", "text"}} ({@code {{messages_dated}}}, with the writer's
 * local date, weekday, time and zone) inside {@code <chat_messages>} delimiters, with {@code <} and {@code >}
 * escaped so that no message text can close the delimiter or open a new section of the prompt.
 */
public final class PromptTemplate {

    /**
     * One transcript line as the model sees it.
     *
     * @param written when and where it was written, the writer's local view: "2023-05-08 Mon 14:02 +02:00 Europe/Berlin"
     */
    public record Line(int n, String role, String written, String text) {
    }

    /** A rendered prompt; {@link #hash()} keys the result cache. */
    public record Prompt(String system, String user, String hash) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static {
        JSON.getFactory().setCharacterEscapes(new AngleBracketEscapes());
    }

    private final String version;
    private final String system;
    private final String user;
    private final String repair;

    private PromptTemplate(String version, Map<String, String> sections) {
        this.version = version;
        this.system = sections.get("system");
        this.user = sections.get("user");
        this.repair = sections.get("repair");
        if (system == null || user == null || repair == null) {
            throw new IllegalArgumentException("prompt " + version + " needs the sections '--- system', '--- user' and "
                    + "'--- repair'; it has " + sections.keySet());
        }
    }

    /** The template of this version, from the classpath. */
    public static PromptTemplate load(String version) {
        String resource = "prompts/" + version + ".prompt";
        try (InputStream in = PromptTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no prompt template '" + version + "' (resource " + resource
                        + "): check enrichment.prompt.version");
            }
            return parse(version, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + resource, e);
        }
    }

    static PromptTemplate parse(String version, String text) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("--- ")) {
                if (current != null) {
                    sections.put(current, body.toString().strip());
                }
                current = line.substring(4).strip().toLowerCase(Locale.ROOT);
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            sections.put(current, body.toString().strip());
        }
        return new PromptTemplate(version, sections);
    }

    public String version() {
        return version;
    }

    /** The prompt for a transcript; at most {@code maxMemories} memories are asked for. */
    public Prompt render(List<Line> lines, int maxMemories) {
        String renderedSystem = fill(system, maxMemories);
        String renderedUser = fill(user, maxMemories)
                .replace("{{messages_dated}}", transcript(lines, true))
                .replace("{{messages}}", transcript(lines, false));
        return new Prompt(renderedSystem, renderedUser, sha256(version + '\u0000' + renderedSystem + '\u0000' + renderedUser));
    }

    /** The follow-up that feeds a validation error back to the model. */
    public String repair(String error) {
        return repair.replace("{{error}}", error);
    }

    private static String fill(String section, int maxMemories) {
        return section.replace("{{max_memories}}", Integer.toString(maxMemories))
                .replace("{{categories}}", quoted(MemoryAnswerSchema.categories()))
                .replace("{{entity_types}}", quoted(MemoryAnswerSchema.entityTypes()));
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> '"' + v + '"').toList());
    }

    private static String transcript(List<Line> lines, boolean dated) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Line line : lines) {
            ObjectNode element = array.addObject().put("n", line.n()).put("role", line.role());
            if (dated) {
                element.put("written", line.written());
            }
            element.put("text", line.text());
        }
        try {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < array.size(); i++) {
                out.append(i == 0 ? "\n  " : ",\n  ").append(JSON.writeValueAsString(array.get(i)));
            }
            return out.append("\n]").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** JSON escapes for {@code <} and {@code >}: inside strings they become unicode escapes, so text cannot form a tag. */
    private static final class AngleBracketEscapes extends CharacterEscapes {

        private final int[] escapes;

        AngleBracketEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            escapes['>'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
