package io.memstream.topology;

/**
 * Names of every processor, source, sink and state store in the topology. They are part of the app's
 * contract with its own past: store names name changelog topics, so renaming one loses state on upgrade.
 */
public final class TopologyNames {

    /** Source of raw chat-messages records. */
    public static final String MESSAGES_SOURCE = "chat-messages-source";
    /** Decodes, validates and batches messages per session. */
    public static final String SESSION_BATCHER = "session-batcher";
    /** Sink of closed batches to the batches topic. */
    public static final String BATCHES_SINK = "chat-batches-sink";
    /** Sink of undecodable or invalid chat messages. */
    public static final String MESSAGES_DLQ_SINK = "chat-messages-dlq-sink";

    /** Source of raw chat-batches records. */
    public static final String BATCHES_SOURCE = "chat-batches-source";
    /** Decodes batches and turns them into memories. */
    public static final String ENRICHER = "enricher";
    /** Sink of memories to the memories topic. */
    public static final String MEMORIES_SINK = "enhanced-memories-sink";
    /** Sink of batches that cannot be decoded or enriched. */
    public static final String BATCHES_DLQ_SINK = "chat-batches-dlq-sink";

    // ---- Enrichment (issue 3) ----
    /** Sink of memories below enrichment.min.quality, for audit. */
    public static final String REJECTED_MEMORIES_SINK = "rejected-memories-sink";
    /**
     * Store: session_id + NUL + zero-padded seq → EnrichmentTask; the batches waiting for or in an LLM call (the
     * queue). An entry is deleted in the transaction that forwards its batch's memories.
     */
    public static final String ENRICHMENT_QUEUE_STORE = "enrichment-queue";

    /** Store: session_id → SessionState (open batch, next seq, last activity). */
    public static final String SESSIONS_STORE = "batcher-sessions";
    /** Store: session_id + NUL + message_id → wall-clock millis first seen; deduplicates producer retries. */
    public static final String SEEN_MESSAGES_STORE = "batcher-seen-messages";

    private TopologyNames() {
    }
}
