package io.memstream.ops;

/**
 * A part of the app that reports on its own health under {@code /health/<component>}, e.g. the LLM enrichment under
 * {@code llm} or the memory index under {@code memory}. Called on the HTTP server's thread for every request: answer
 * from state the component already keeps, never by calling out.
 */
@FunctionalInterface
public interface HealthContributor {

    Health health();
}
