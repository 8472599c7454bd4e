package io.memstream.enrichment.extraction;

/**
 * A memorable statement of one user message.
 *
 * @param content the user's own words: one sentence, or two when the second refers back to the first
 * @param category a category of docs/memories.md
 * @param pastTense whether the statement is told in the simple past, for reading its dates ("on Saturday")
 * @param answers the other party's question that the statement's "it/this/that/there/them" point into, or null
 *     when the statement stands alone
 */
public record Statement(String content, String category, boolean pastTense, String answers) {

    Statement withContent(String joined) {
        return new Statement(joined, category, pastTense, answers);
    }

    Statement answering(String question) {
        return new Statement(content, category, pastTense, question);
    }
}
