package io.memstream.evaluation;

import java.util.List;

/**
 * One memory a careful person would note from one labelled user message (a line of {@code <part>-labels.jsonl},
 * see docs/evaluation.md).
 *
 * @param messageId the user message it comes from
 * @param keywords words of the message that any faithful memory of the fact contains
 * @param category one of docs/memories.md's categories
 * @param resolvedDates the resolved values of the fact's date phrases
 * @param people the persons of the fact, as docs/memories.md writes them ("Ana (sister)", "dad")
 * @param entities named entities of the fact
 */
record ExpectedMemory(String messageId, List<String> keywords, String category, List<String> resolvedDates,
                      List<String> people, List<Entity> entities) {

    /** The categories of docs/memories.md, the contract both the labels and the enrichers follow. */
    static final List<String> CATEGORIES = List.of("personal_info", "preference", "opinion", "relationship", "event",
            "plan", "work", "health", "other");

    /** A labelled entity: its text and type (PERSON, PLACE, ...). */
    record Entity(String text, String type) {
    }
}
