package io.memstream.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a ChatMessage from one JSON line with the contract's snake_case field names, e.g.
 * {@code {"message_id":"m1","session_id":"s1","user_id":"u1","role":"user","content":"hi",
 * "timestamp":"2026-03-05T09:00:00Z","timezone":"Europe/Paris"}}. The timestamp is ISO-8601 with an
 * offset, or a local date-time read in the message's timezone. Errors name the field and what to write.
 */
public final class ChatMessageJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("message_id", "session_id", "user_id", "agent_id", "role",
            "content", "timestamp", "timezone", "type", "metadata");

    private ChatMessageJson() {
    }

    /** Parses one line; {@link IllegalArgumentException} says what is wrong with it. */
    public static ChatMessage parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            // Jackson appends where in its source it was; the caller already names the line.
            throw new IllegalArgumentException("not valid JSON: "
                    + e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*|\\s*at \\[Source.*", ""));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, one message per line");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; fields are " + FIELDS);
            }
        });
        MessageType type = enumOf(MessageType.class, optionalText(node, "type"), MessageType.MESSAGE, "type");
        String timezone = optionalText(node, "timezone");
        ZoneId zone = zoneOf(timezone);
        return ChatMessage.newBuilder()
                .setMessageId(requiredText(node, "message_id"))
                .setSessionId(requiredText(node, "session_id"))
                .setUserId(requiredText(node, "user_id"))
                .setAgentId(optionalText(node, "agent_id"))
                .setRole(enumOf(Role.class, optionalText(node, "role"), type == MessageType.SESSION_END ? Role.SYSTEM : null, "role"))
                .setContent(type == MessageType.SESSION_END ? orEmpty(optionalText(node, "content")) : requiredText(node, "content"))
                .setTimestamp(timestampOf(requiredText(node, "timestamp"), zone))
                .setTimezone(timezone)
                .setType(type)
                .setMetadata(metadataOf(node.get("metadata")))
                .build();
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String text, E fallback, String field) {
        if (text == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' is '" + text + "'; expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    private static ZoneId zoneOf(String timezone) {
        if (timezone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("field 'timezone' is '" + timezone + "'; expected an IANA zone id such as Europe/Paris");
        }
    }

    private static Instant timestampOf(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("field 'timestamp' is '" + text
                        + "'; expected ISO-8601 such as 2026-03-05T09:00:00Z or 2026-03-05T10:00:00+01:00");
            }
        }
    }

    private static Map<String, String> metadataOf(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("field 'metadata' must be an object of strings");
        }
        node.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return metadata;
    }
}
