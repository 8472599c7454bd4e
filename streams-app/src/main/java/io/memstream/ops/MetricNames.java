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

    /** Tag names. */
    public static final String TAG_CLOSED_BY = "closed_by";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_MODEL = "model";

    private MetricNames() {
    }
}
