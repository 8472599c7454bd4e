package io.memstream.enrichment.llm;

import java.util.List;

/**
 * One memory as a model proposed it, after validation: only what the model may say. Ids, the user, the session,
 * the batch and timestamps are not here: code sets them (see {@link MemoryAssembler}), and code checks the dates.
 *
 * @param dates date phrases as written in the chat ("next Friday"), each with the model's resolution when it gave one
 * @param sourceMessages 1-based positions of the messages the memory comes from, in the prompt's numbering
 */
public record MemoryDraft(String content, String summary, String category, int importance, int quality,
                          double confidence, List<DraftEntity> entities, List<DraftDate> dates, List<String> people,
                          List<String> tags, List<Integer> sourceMessages) {

    /** Categories a memory can have, as docs/memories.md lists them. */
    public static final List<String> CATEGORIES = List.of("personal_info", "preference", "opinion", "relationship",
            "event", "plan", "work", "health", "other");
    /** Entity types, as docs/memories.md lists them. */
    public static final List<String> ENTITY_TYPES = List.of("PERSON", "PLACE", "ORGANIZATION", "WORK", "EVENT", "PET",
            "PRODUCT", "DATE", "EMAIL", "NUMBER", "THING");
    /** Precisions of a resolved date, coarsest first. */
    public static final List<String> PRECISIONS = List.of("YEAR", "SEASON", "MONTH", "WEEK", "DAY", "TIME");

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

    /**
     * A date phrase of the memory.
     *
     * @param text the phrase as written in the chat
     * @param resolved the model's resolution as it wrote it, null when it gave none (prompt v1 asks for none)
     * @param precision the precision the model named, upper case, null when none or not one of {@link #PRECISIONS}
     */
    public record DraftDate(String text, String resolved, String precision) {

        static DraftDate phrase(String text) {
            return new DraftDate(text, null, null);
        }
    }
}
