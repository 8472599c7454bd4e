package io.memstream.enrichment.entities;

/** A typed stretch of a sentence, {@code start} inclusive and {@code end} exclusive. */
public record TextSpan(int start, int end, String text, EntityType type) {

    boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }
}
