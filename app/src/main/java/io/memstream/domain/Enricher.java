package io.memstream.domain;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import java.util.List;

/**
 * Turns one closed batch of a session's messages into long-term memories about the session's user.
 *
 * <p>Implementations are the offline rule-based enricher and the LLM enricher ({@code llm.LlmEnricher}, a chain of
 * providers). The enrichment stage calls an LLM enricher on a dispatcher thread, never on a stream thread; the offline
 * enricher alone runs on the stream thread, as it needs a few milliseconds and no network. An exception means the
 * batch could not be enriched: the stage falls back to the offline enricher when the chain ends with it, and otherwise
 * dead-letters the batch (or, when every provider was unavailable, keeps it queued). Odd content should be "nothing
 * to remember" rather than an exception.
 */
public interface Enricher {

    /** Memories derived from one closed batch: zero or more. Must be deterministic for the offline enricher. */
    List<EnhancedMemory> enrich(MessageBatch batch);

    /** What produced the memories, written to EnhancedMemory.model, e.g. "offline". */
    String model();
}
