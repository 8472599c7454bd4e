/**
 * The offline extractor: which sentences of a user's message are worth remembering, in which category, and whether
 * they can stand alone. OpenNLP tags tokens (tense, pronoun or determiner), a classifier over sentence embeddings
 * trained at startup from the project's labelled sentences scores them, and rules drop small talk and reactions.
 */
package io.memstream.enrichment.extraction;
