/**
 * Named entities and people of one sentence, without a model: capitalised spans found by {@link
 * io.memstream.enrichment.entities.EntityRecognizer}, typed from the words around them, small gazetteers kept as
 * resources beside these classes, and the shape of the name itself. docs/entities.md says how it works and how it
 * is measured.
 */
package io.memstream.enrichment.entities;
