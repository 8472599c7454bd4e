package io.memstream.enrichment.llm;

import java.util.List;

/**
 * One memory as a model proposed it, after validation: only what the model may say. Ids, the user, the session,
 * the batch, timestamps and resolved dates are not here: code sets them (see {@link MemoryAssembler}).
 *
 * @param sourceMessages 1-based positions of the messages the memory comes from, in the prompt's numbering
 * @param datePhrases date phrases as written in the chat ("next Friday"); code resolves them
 */
public record MemoryDraft(String content, String summary, String category, int importance, int quality,
                          double confidence, List<DraftEntity> entities, List<String> datePhrases, List<String> people,
                          List<String> tags, List<Integer> sourceMessages) {

    /** Categories a memory can have; the same as the offline enricher's. */
    public static final List<String> CATEGORIES =
            List.of("preference", "personal_info", "relationship", "plan", "work", "health", "other");
    /** Entity types; the same as the offline enricher's. */
    public static final List<String> ENTITY_TYPES =
            List.of("PERSON", "PLACE", "ORGANIZATION", "DATE", "EMAIL", "NUMBER", "THING");

    public static final int MAX_CONTENT = 500;
    public static final int MAX_SUMMARY = 200;
    public static final int MAX_ENTITIES = 20;
    public static final int MAX_ENTITY_TEXT = 100;
    public static final int MAX_DATE_PHRASES = 5;
    public static final int MAX_DATE_PHRASE = 60;
    public static final int MAX_PEOPLE = 10;
    public static final int MAX_PERSON = 60;
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG = 40;

    /** A named thing the memory mentions. */
    public record DraftEntity(String text, String type) {
    }
}
