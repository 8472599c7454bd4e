package io.memstream.topology;

/**
 * Names of every processor, source, sink and state store in the topology. They are part of the app's
 * contract with its own past: store names name changelog topics, so renaming one loses state on upgrade.
 */
public final class TopologyNames {

    /** Source of raw chat-messages records. */
    public static final String MESSAGES_SOURCE = "chat-messages-source";
    /** Decodes and validates chat messages and keys the valid ones by their session_id. */
    public static final String MESSAGE_VALIDATOR = "chat-message-validator";
    /**
     * The repartition of valid chat messages by session_id, whatever partitioner their producer used: Kafka Streams
     * names the internal topic {@code <application.id>-chat-messages-by-session-repartition} (see
     * {@link #messagesBySessionTopic}), creates it with chat-messages' partition count, places records with the
     * producer's default partitioner (murmur2 of the session_id's UTF-8 bytes) and purges what the batcher committed.
     */
    public static final String MESSAGES_BY_SESSION = "chat-messages-by-session";
    /**
     * First node of the {@link #MESSAGES_BY_SESSION} repartition, where the validator forwards valid messages. Kafka
     * Streams derives it from the repartition's name (the operator naming of the DSL); the topology test fails if a
     * Kafka upgrade changes the rule.
     */
    static final String MESSAGES_BY_SESSION_ENTRY = MESSAGES_BY_SESSION + "-repartition-filter";
    /** Batches messages per session; reads the {@link #MESSAGES_BY_SESSION} repartition. */
    public static final String SESSION_BATCHER = "session-batcher";
    /** Sink of closed batches to the batches topic. */
    public static final String BATCHES_SINK = "chat-batches-sink";
    /** Sink of undecodable or invalid chat messages. */
    public static final String MESSAGES_DLQ_SINK = "chat-messages-dlq-sink";
    /** Sink of chat messages the batcher rejects (a user_id that is not its session's), to the messages' dead-letter topic. */
    public static final String BATCHER_DLQ_SINK = "session-batcher-dlq-sink";

    /** Source of raw chat-batches records. */
    public static final String BATCHES_SOURCE = "chat-batches-source";
    /** Decodes batches and turns them into memories. */
    public static final String ENRICHER = "enricher";
    /** Sink of memories to the memories topic. */
    public static final String MEMORIES_SINK = "enhanced-memories-sink";
    /** Sink of batches that cannot be decoded or enriched. */
    public static final String BATCHES_DLQ_SINK = "chat-batches-dlq-sink";

    // ---- Enrichment ----
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

    // --- Memory index ---
    /** Embeds the enricher's memories off the stream thread and keys them by memory scope. */
    public static final String MEMORY_EMBEDDER = "memory-embedder";
    /** Sink of memories the embedder rejects, to the batches' dead-letter topic. */
    public static final String MEMORY_EMBEDDER_DLQ_SINK = "memory-embedder-dlq-sink";
    /** Sink of embedded candidate memories to the memory-index-input topic (repartition by scope). */
    public static final String MEMORY_CANDIDATES_SINK = "memory-candidates-sink";
    /** Source of raw memory-commands records. */
    public static final String COMMANDS_SOURCE = "memory-commands-source";
    /** Decodes and validates commands and routes them to their scope's partition (all partitions when scopes span them). */
    public static final String COMMAND_ROUTER = "memory-command-router";
    /** Sink of routed commands to the memory-index-input topic. */
    public static final String MEMORY_COMMANDS_SINK = "memory-commands-sink";
    /** Sink of undecodable or invalid commands. */
    public static final String COMMANDS_DLQ_SINK = "memory-commands-dlq-sink";
    /** Sink of valid forget commands to the compacted forgotten topic (key: see {@code ForgetRegister.keyOf}). */
    public static final String FORGOTTEN_SINK = "memory-forgotten-sink";
    /** Source of the forgotten topic, feeding the global {@link #FORGOTTEN_STORE}. */
    public static final String FORGOTTEN_SOURCE = "memory-forgotten-source";
    /** Copies the forgotten topic into the global {@link #FORGOTTEN_STORE}. */
    public static final String FORGOTTEN_UPDATER = "memory-forgotten-updater";
    /**
     * Global store: user_id (FORGET_USER) or user_id + NUL + memory_id (FORGET_MEMORY) → the latest such MemoryCommand;
     * every instance holds all of it. No changelog: the compacted forgotten topic is its log.
     */
    public static final String FORGOTTEN_STORE = "memory-forgotten";
    /** Source of the memory-index-input topic. */
    public static final String MEMORY_INDEX_SOURCE = "memory-index-source";
    /** Deduplicates, reinforces, supersedes, expires, forgets and caps each scope's memories. */
    public static final String MEMORY_INDEX = "memory-index";
    /** Sink of memory-index-input records the index cannot read. */
    public static final String MEMORY_INDEX_DLQ_SINK = "memory-index-dlq-sink";
    /** Store: sequence number → PendingEmbedding; the embedder's durable queue. */
    public static final String EMBEDDING_QUEUE_STORE = "memory-embedding-queue";
    /** Store: scope + NUL + memory_id → EnhancedMemory (latest state); prefix scans read a scope or a user. */
    public static final String MEMORIES_STORE = "memory-index-memories";
    /**
     * Store: user_id or user_id + NUL + memory_id → requested_at millis of the forget commands the index applied, in
     * the order of its input (the global {@link #FORGOTTEN_STORE} may lag behind it).
     */
    public static final String INDEX_FORGOTTEN_STORE = "memory-index-forgotten";
    /** Store: zero-padded expires_at millis + NUL + memories-store key → "" (range scans find what retention deletes), and the task's event time. */
    public static final String EXPIRY_STORE = "memory-index-expiry";

    private TopologyNames() {
    }

    /** The internal topic of the {@link #MESSAGES_BY_SESSION} repartition for an application id. */
    public static String messagesBySessionTopic(String applicationId) {
        return applicationId + "-" + MESSAGES_BY_SESSION + "-repartition";
    }
}
