package io.memstream.domain;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Deterministic memory ids, so that replaying the same input (after a crash, or a re-run of the topology) yields
 * the same keys on the compacted enhanced-memories topic and the same rows in PostgreSQL.
 *
 * <p>The id is a name-based (version 3) UUID over the user id, the batch id and the normalised content, NUL
 * separated. Normalising first makes trivially different spellings of one statement in a batch ("I live in Paris." /
 * "i live in  paris") one memory; the user id keeps identical statements of different users apart. The batch id
 * makes a memory "what one batch said": the same statement in two sessions gives two memories whose every field
 * is deterministic, whatever order the partitions are processed in. Merging them is the memory index's decision.
 */
public final class MemoryIds {

    private static final Pattern WHITESPACE_RUN = Pattern.compile("[\\s\\p{Z}]+");

    private MemoryIds() {
    }

    /** The id of the memory with this content, owned by this user, derived from this batch. */
    public static String of(String userId, String batchId, String content) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(content, "content");
        String name = userId + '\0' + batchId + '\0' + normalize(content);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * NFKC (full-width letters and ligatures become plain ones), lower case in the root locale (never the
     * machine's: a Turkish default locale would give other ids), whitespace runs collapsed to one space, trailing
     * punctuation dropped.
     */
    public static String normalize(String content) {
        String folded = Normalizer.normalize(content, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String collapsed = WHITESPACE_RUN.matcher(folded).replaceAll(" ").strip();
        return withoutTrailingPunctuation(collapsed);
    }

    // A loop rather than a "[\p{P}\s]+$" regex, whose search is quadratic on long runs of punctuation.
    private static String withoutTrailingPunctuation(String text) {
        int end = text.length();
        while (end > 0) {
            int codePoint = text.codePointBefore(end);
            if (!isPunctuation(codePoint) && !Character.isWhitespace(codePoint)) {
                break;
            }
            end -= Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static boolean isPunctuation(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
