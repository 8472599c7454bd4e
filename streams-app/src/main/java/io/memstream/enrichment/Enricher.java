package io.memstream.enrichment;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import java.util.List;

/**
 * Turns one closed batch of a session's messages into long-term memories about the session's user.
 *
 * <p>Implementations are the offline rule-based enricher and LLM-backed providers. The enrichment stage calls
 * {@link #enrich} off the stream thread; an exception dead-letters the batch, so implementations should treat odd
 * content as "nothing to remember" rather than fail.
 */
public interface Enricher {

    /** Memories derived from one closed batch: zero or more. Must be deterministic for the offline enricher. */
    List<EnhancedMemory> enrich(MessageBatch batch);

    /** What produced the memories, written to EnhancedMemory.model, e.g. "offline". */
    String model();
}
