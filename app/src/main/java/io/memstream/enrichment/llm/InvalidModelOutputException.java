package io.memstream.enrichment.llm;

/**
 * A model answer that is not the memories JSON the prompt asks for: not JSON, truncated, or breaking the schema
 * (types, ranges, enums, lengths, unknown fields). The message names every problem found, with its JSON path, so that
 * it can be fed back to the model in a repair request and read in a dead letter.
 */
public class InvalidModelOutputException extends RuntimeException {

    public InvalidModelOutputException(String message) {
        super(message);
    }
}
