package io.memstream.enrichment.entities;

import java.util.List;

/**
 * What {@link EntityRecognizer} found in a sentence.
 *
 * @param entities typed spans in text order, each text once (case-insensitive)
 * @param people persons other than the user in text order: "Jolene", "dad", or "Ana (sister)" when linked
 * @param relations the relation words of the user's people ("sister", "best friend"), named or not
 */
public record Recognition(List<TextSpan> entities, List<String> people, List<String> relations) {
}
