package io.memstream.enrichment.llm;

import java.util.List;

/**
 * One memory as a model proposed it, after validation against {@link MemoryAnswerSchema}: only what the model may say.
 * Ids, the user, the session, the batch and timestamps are not here: code sets them (see {@link MemoryAssembler}),
 * and code checks the dates.
 *
 * @param dates date phrases as written in the chat ("next Friday"), each with the model's resolution when it gave one
 * @param sourceMessages 1-based positions of the messages the memory comes from, in the prompt's numbering
 */
public record MemoryDraft(String content, String summary, String category, int importance, int quality,
                          double confidence, List<DraftEntity> entities, List<DraftDate> dates, List<String> people,
                          List<String> tags, List<Integer> sourceMessages) {

    /** A named thing the memory mentions. */
    public record DraftEntity(String text, String type) {
    }

    /**
     * A date phrase of the memory.
     *
     * @param text the phrase as written in the chat
     * @param resolved the model's resolution as it wrote it, null when it gave none (prompt v1 asks for none)
     * @param precision the precision the model named, upper case, null when none or not one the schema lists
     */
    public record DraftDate(String text, String resolved, String precision) {
    }
}
