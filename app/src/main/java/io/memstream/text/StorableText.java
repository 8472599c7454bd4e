package io.memstream.text;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Text made storable. PostgreSQL's {@code text} refuses U+0000 ({@code invalid byte sequence for encoding "UTF8":
 * 0x00}) and UTF-8 has no encoding for an unpaired UTF-16 surrogate (Java writes {@code ?} for one, PostgreSQL refuses
 * the CESU-8 form), so one such character in a memory stops the JDBC sink on every retry. NUL is removed (it carries
 * nothing a reader sees) and a lone surrogate becomes U+FFFD, the character Unicode reserves for "a character was lost
 * here". Every other character, the C0 controls included (tab, newline, ESC, ...), is kept: PostgreSQL stores them.
 */
public final class StorableText {

    /** U+FFFD REPLACEMENT CHARACTER. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Whether {@code text} holds a character PostgreSQL or UTF-8 cannot store. */
    public static boolean isStorable(CharSequence text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code text} without NUL and with every lone surrogate replaced by U+FFFD; the same instance when already storable. */
    public static String clean(CharSequence text) {
        if (text == null) {
            return null;
        }
        if (isStorable(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /**
     * The longest prefix of {@code text} whose UTF-8 form has at most {@code maxBytes} bytes, cut between two code
     * points (never inside a surrogate pair).
     */
    public static String prefixOfUtf8Bytes(String text, int maxBytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return text;
        }
        int end = Math.max(0, maxBytes);
        // A UTF-8 continuation byte (10xxxxxx) cannot start a code point: back off to the start of one.
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Cleans every string of an Avro record in place, nested records, arrays and maps (keys and values) included.
     *
     * @return whether anything changed
     */
    public static boolean cleanRecord(IndexedRecord record) {
        boolean[] changed = {false};
        cleanFields(record, changed);
        return changed[0];
    }

    private static void cleanFields(IndexedRecord record, boolean[] changed) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            Object cleaned = cleanValue(value, changed);
            if (cleaned != value) {
                record.put(field.pos(), cleaned);
            }
        }
    }

    /** The cleaned value (the same instance when cleaned in place or already storable); flags any change. */
    private static Object cleanValue(Object value, boolean[] changed) {
        if (value instanceof CharSequence text) {
            if (isStorable(text)) {
                return value;
            }
            changed[0] = true;
            return clean(text);
        }
        if (value instanceof IndexedRecord nested) {
            cleanFields(nested, changed);
            return value;
        }
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                Object cleaned = cleanValue(item, changed);
                if (cleaned != item) {
                    items.set(i, cleaned);
                }
            }
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> cleaned = new LinkedHashMap<>();
            boolean mapChanged = false;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = cleanValue(entry.getKey(), changed);
                Object item = cleanValue(entry.getValue(), changed);
                mapChanged |= key != entry.getKey() || item != entry.getValue();
                cleaned.put(key, item);
            }
            return mapChanged ? cleaned : value;
        }
        return value;
    }
}
