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

    // ---- Enrichment (issue 3) ----
    /** Gauge: batches in the enrichment queue store waiting for an LLM call (not in flight). */
    public static final String ENRICHMENT_QUEUE_WAITING = "memstream.enrichment.queue.waiting";
    /** Gauge: LLM calls running now (at most enrichment.max.in.flight). */
    public static final String ENRICHMENT_QUEUE_IN_FLIGHT = "memstream.enrichment.queue.in.flight";
    /** Timer: from a batch entering the queue to its memories being forwarded. */
    public static final String ENRICHMENT_QUEUE_LATENCY = "memstream.enrichment.queue.latency";
    /** Timer: gap between two calls of the enrichment stage on its stream thread; a blocked thread shows as a long gap. */
    public static final String ENRICHMENT_STREAM_GAP = "memstream.enrichment.stream.gap";
    /** Counter: batches with nothing to remember (greetings, acknowledgements) that skipped the LLM. */
    public static final String ENRICHMENT_BYPASSED = "memstream.enrichment.bypassed";
    /** Counter, tag {@code reason}: batches re-queued because every provider was unavailable. */
    public static final String ENRICHMENT_REQUEUED = "memstream.enrichment.requeued";
    /** Counter, tags {@code provider} and {@code reason}: a provider given up on for a batch, the next one tried. */
    public static final String ENRICHMENT_FALLBACKS = "memstream.enrichment.fallbacks";
    /** Counter, tag {@code reason}: memories not emitted, sent to the rejected-memories topic. */
    public static final String MEMORIES_REJECTED = "memstream.memories.rejected";
    /** Timer, tags {@code provider}, {@code model}, {@code outcome}: one HTTP call to an LLM provider. */
    public static final String LLM_LATENCY = "memstream.llm.latency";
    /** Counter, tags {@code provider}, {@code model}, {@code direction} (in/out): tokens reported by the provider. */
    public static final String LLM_TOKENS = "memstream.llm.tokens";
    /** Counter, tags {@code provider}, {@code model}: estimated cost, in the currency of the configured prices. */
    public static final String LLM_COST = "memstream.llm.cost";
    /** Counter, tags {@code provider}, {@code reason}: retries of a failed call. */
    public static final String LLM_RETRIES = "memstream.llm.retries";
    /** Counter, tags {@code provider}, {@code outcome} (invalid, repaired, repair_failed): model answers that failed validation. */
    public static final String LLM_INVALID_OUTPUT = "memstream.llm.invalid.output";
    /** Gauge, tag {@code provider}: circuit breaker state, 0 closed, 1 half-open, 2 open. */
    public static final String LLM_BREAKER_STATE = "memstream.llm.breaker.state";
    /** Counter, tags {@code provider}, {@code state}: circuit breaker transitions into a state. */
    public static final String LLM_BREAKER_TRANSITIONS = "memstream.llm.breaker.transitions";
    /** Counter, tag {@code result} (hit/miss): prompt-result cache lookups. */
    public static final String LLM_CACHE_LOOKUPS = "memstream.llm.cache.lookups";
    /** Gauge: prompt-result cache hit ratio since start, 0 to 1. */
    public static final String LLM_CACHE_HIT_RATIO = "memstream.llm.cache.hit.ratio";
    /** Counter, tag {@code type}: PII values replaced by placeholders before text left the process. */
    public static final String LLM_PII_REDACTED = "memstream.llm.pii.redacted";

    /** Tag names. */
    public static final String TAG_CLOSED_BY = "closed_by";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_MODEL = "model";
    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_REASON = "reason";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_STATE = "state";
    public static final String TAG_RESULT = "result";
    public static final String TAG_TYPE = "type";

    private MetricNames() {
    }
}
