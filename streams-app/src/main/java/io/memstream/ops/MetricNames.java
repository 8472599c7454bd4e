package io.memstream.ops;

/**
 * Every metric memstream records, named once. Meters are registered on Micrometer's global registry
 * ({@code io.micrometer.core.instrument.Metrics}), so a processor records without being handed a registry and
 * whoever serves {@code /metrics} decides where they go. Names are dotted here; the Prometheus registry renders
 * them as {@code memstream_batches_closed_total} and so on.
 */
public final class MetricNames {

    /** Counter, tag {@code closed_by}: batches closed, by COUNT, IDLE or SESSION_END. */
    public static final String BATCHES_CLOSED = "memstream.batches.closed";
    /** Counter: chat messages accepted into a batch (retries not counted). */
    public static final String MESSAGES_BATCHED = "memstream.messages.batched";
    /** Counter: chat messages dropped as a retry of a message id already seen in the session. */
    public static final String MESSAGES_DUPLICATE = "memstream.messages.duplicate";
    /** Counter, tags {@code stage} and {@code topic}: records sent to a dead-letter topic. */
    public static final String DEAD_LETTERS = "memstream.dead.letters";
    /** Timer: time to enrich one batch, from the enricher call to its memories. */
    public static final String BATCH_PROCESSING = "memstream.batch.processing";
    /** Counter, tag {@code model}: memories emitted by the enrichment stage. */
    public static final String MEMORIES_EXTRACTED = "memstream.memories.extracted";
    /** Distribution summary: quality_score of emitted memories. */
    public static final String MEMORY_QUALITY = "memstream.memory.quality";

    // --- Memory index (issue 4) ---
    /** Counter: memories added by the index (NEW, and the new side of a SUPERSEDE). */
    public static final String MEMORIES_CREATED = "memstream.memories.created";
    /** Counter: candidates that reinforced an existing memory (counted or, for a batch already seen, merged only). */
    public static final String MEMORIES_REINFORCED = "memstream.memories.reinforced";
    /** Counter: memories marked SUPERSEDED by a newer one on the same subject. */
    public static final String MEMORIES_SUPERSEDED = "memstream.memories.superseded";
    /** Counter: memories deleted because their expires_at passed, or not indexed because it had passed on arrival. */
    public static final String MEMORIES_EXPIRED = "memstream.memories.expired";
    /** Counter, tag {@code command}: memories deleted by FORGET_USER / FORGET_MEMORY commands. */
    public static final String MEMORIES_FORGOTTEN = "memstream.memories.forgotten";
    /** Counter: memories deleted to keep a scope under memory.max.per.scope. */
    public static final String MEMORIES_EVICTED = "memstream.memories.evicted";
    /** Counter: candidates already in the index (replays), ignored. */
    public static final String MEMORIES_DUPLICATE = "memstream.memories.duplicate";
    /** Timer, tag {@code decision}: time to decide on and apply one candidate, embedding excluded. */
    public static final String MEMORY_DECISION = "memstream.memory.decision";
    /** Timer, tag {@code embedder}: time to compute one embedding, off the stream thread. */
    public static final String MEMORY_EMBEDDING = "memstream.memory.embedding";
    /** Counter, tag {@code embedder}: embedding attempts that failed (each is retried with backoff). */
    public static final String MEMORY_EMBEDDING_FAILURES = "memstream.memory.embedding.failures";
    /** Counter: memories passed on without an embedding after memory.embedding.max.attempts failures. */
    public static final String MEMORY_EMBEDDING_GIVEN_UP = "memstream.memory.embedding.given.up";
    /** Gauge: memories waiting for their embedding, over this instance's tasks. */
    public static final String MEMORY_EMBEDDING_QUEUE = "memstream.memory.embedding.queue";
    public static final String TAG_DECISION = "decision";
    public static final String TAG_COMMAND = "command";
    public static final String TAG_EMBEDDER = "embedder";

    /** Tag names. */
    public static final String TAG_CLOSED_BY = "closed_by";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_MODEL = "model";

    private MetricNames() {
    }
}
