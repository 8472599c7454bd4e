package io.memstream.ops;

/**
 * Every metric memstream records, named once. Meters are registered on the registry of the app instance a stage
 * belongs to ({@link OpsMetrics#meters()}, handed down by constructor), never on a JVM-wide one, so that several
 * instances in one JVM keep their counts apart. Names are dotted here; the Prometheus registry renders them as
 * {@code memstream_batches_closed_total} and so on.
 */
public final class MetricNames {

    /** Counter, tag {@code closed_by}: batches closed, by COUNT, SIZE, IDLE or SESSION_END. */
    public static final String BATCHES_CLOSED = "memstream.batches.closed";
    /** Counter: chat messages accepted into a batch (retries not counted). */
    public static final String MESSAGES_BATCHED = "memstream.messages.batched";
    /** Counter: chat messages dropped as a retry of a message id already seen in the session. */
    public static final String MESSAGES_DUPLICATE = "memstream.messages.duplicate";
    /**
     * Counter, tag {@code change} = {@code unstorable_text} | {@code truncated}: chat messages the validator changed
     * before batching them (NUL removed or lone surrogates replaced; content cut to batch.message.max.bytes).
     */
    public static final String MESSAGES_REWRITTEN = "memstream.messages.rewritten";
    /** Counter, tag {@code topic}: strings of an outgoing memory that had to be made storable (NUL, lone surrogates). */
    public static final String MEMORIES_TEXT_CLEANED = "memstream.memories.text.cleaned";
    /** Counter, tag {@code topic}: dead letters the producer refused (too large even without their value); logged. */
    public static final String DEAD_LETTERS_REFUSED = "memstream.dead.letters.refused";
    /** Counter, tags {@code stage} and {@code topic}: records sent to a dead-letter topic. */
    public static final String DEAD_LETTERS = "memstream.dead.letters";
    /** Timer: time to enrich one batch, from the enricher call to its memories. */
    public static final String BATCH_PROCESSING = "memstream.batch.processing";
    /** Counter, tag {@code model}: memories emitted by the enrichment stage. */
    public static final String MEMORIES_EXTRACTED = "memstream.memories.extracted";
    /** Distribution summary: quality_score of emitted memories. */
    public static final String MEMORY_QUALITY = "memstream.memory.quality";

    /*
     * Operations. The names below are the contract between the code that records and the dashboards,
     * alert rules and health endpoints that read them (docs/metrics.md lists them with their Prometheus form).
     * Those marked "recorded by the LLM enrichment" or "recorded by the memory index" are declared here so that
     * those stages record under these names; /health/llm and /health/memory read them when present.
     */

    /** Gauge, seconds since the epoch: when this instance last closed a batch (sampled, see {@code ActivityTracker}). */
    public static final String LAST_BATCH_CLOSED = "memstream.batches.last.closed.timestamp";
    /** Gauge, seconds since the epoch: when this instance last finished enriching a batch (sampled). */
    public static final String LAST_BATCH_PROCESSED = "memstream.batches.last.processed.timestamp";
    /** Gauge: 1 while this instance's Kafka Streams client is RUNNING, 0 otherwise (rebalancing, failed, stopping). */
    public static final String STREAMS_RUNNING = "memstream.streams.running";
    /** Gauge: state store partitions this instance is restoring from their changelogs (it is not ready meanwhile). */
    public static final String STORES_RESTORING = "memstream.stores.restoring";
    /** Gauge: batches in chat-batches this instance has not read yet (consumer lag of its enricher partitions). */
    public static final String BATCHES_PENDING = "memstream.batches.pending";
    /**
     * Gauge, tag {@code state} = {@code waiting} | {@code in_flight}: batches held by the enrichment queue store, waiting
     * for an LLM call or with a call in flight. Recorded by the LLM enrichment.
     */
    public static final String ENRICHMENT_QUEUE_DEPTH = "memstream.enrichment.queue.depth";
    /**
     * Timer, tags {@code provider}, {@code model}, {@code outcome} = {@code success} | {@code error} | {@code timeout}:
     * one LLM call, request to parsed answer. Recorded by the LLM enrichment.
     */
    public static final String LLM_LATENCY = "memstream.llm.latency";
    /** Counter, tags {@code provider}, {@code model}, {@code direction} = {@code in} | {@code out}: LLM tokens. Recorded by the LLM enrichment. */
    public static final String LLM_TOKENS = "memstream.llm.tokens";
    /** Counter, tags {@code provider}, {@code model}: estimated cost of LLM calls in US dollars. Recorded by the LLM enrichment. */
    public static final String LLM_COST = "memstream.llm.cost.usd";
    /** Counter, tag {@code result} = {@code hit} | {@code miss}: lookups in the LLM answer cache. Recorded by the LLM enrichment. */
    public static final String LLM_CACHE_REQUESTS = "memstream.llm.cache.requests";
    /** Gauge, tag {@code provider}: circuit breaker state, 0 = closed, 1 = half-open, 2 = open. Recorded by the LLM enrichment. */
    public static final String LLM_CIRCUIT_STATE = "memstream.llm.circuit.state";
    /**
     * Counter, tags {@code provider} (the one given up on for a batch) and {@code reason}: the next provider of the
     * chain was tried. Recorded by the LLM enrichment.
     */
    public static final String LLM_FALLBACK_ACTIVATIONS = "memstream.llm.fallback.activations";
    /**
     * Gauge, tags {@code provider}, {@code model}: 1 for the provider and model batches currently go to, 0 for the others
     * (an "info" metric). Recorded by the LLM enrichment; /health/llm reads it for {@code active_model}.
     */
    public static final String LLM_ACTIVE = "memstream.llm.active";
    /**
     * Counter, tag {@code outcome} = {@code created} | {@code reinforced} | {@code superseded} | {@code expired} |
     * {@code forgotten} | {@code evicted} | {@code duplicate} (a replayed candidate, ignored): what the memory index did
     * with a memory. Recorded by the memory index.
     */
    public static final String MEMORIES = "memstream.memories";
    // ---- Enrichment ----
    /** Timer: from a batch entering the queue to its memories being forwarded. */
    public static final String ENRICHMENT_QUEUE_LATENCY = "memstream.enrichment.queue.latency";
    /** Timer: gap between two calls of the enrichment stage on its stream thread; a blocked thread shows as a long gap. */
    public static final String ENRICHMENT_STREAM_GAP = "memstream.enrichment.stream.gap";
    /** Counter: batches with nothing to remember (greetings, acknowledgements) that skipped the LLM. */
    public static final String ENRICHMENT_BYPASSED = "memstream.enrichment.bypassed";
    /** Counter: chat messages of forgotten users, written before their forget, dropped ahead of enrichment. */
    public static final String MESSAGES_FORGOTTEN = "memstream.messages.forgotten";
    /** Counter, tag {@code reason}: batches re-queued because every provider was unavailable. */
    public static final String ENRICHMENT_REQUEUED = "memstream.enrichment.requeued";
    /** Counter, tag {@code reason}: memories not emitted, sent to the rejected-memories topic. */
    public static final String MEMORIES_REJECTED = "memstream.memories.rejected";
    /** Counter, tags {@code provider}, {@code reason}: retries of a failed call. */
    public static final String LLM_RETRIES = "memstream.llm.retries";
    /** Counter, tags {@code provider}, {@code outcome} (invalid, repaired, repair_failed): model answers that failed validation. */
    public static final String LLM_INVALID_OUTPUT = "memstream.llm.invalid.output";
    /** Counter, tags {@code provider}, {@code state}: circuit breaker transitions into a state. */
    public static final String LLM_BREAKER_TRANSITIONS = "memstream.llm.breaker.transitions";
    /** Gauge: prompt-result cache hit ratio since start, 0 to 1. */
    public static final String LLM_CACHE_HIT_RATIO = "memstream.llm.cache.hit.ratio";
    /** Counter, tag {@code type}: PII values replaced by placeholders before text left the process. */
    public static final String LLM_PII_REDACTED = "memstream.llm.pii.redacted";
    /**
     * Counter, tag {@code model}: date phrases for which a model wrote a resolution that differs from the one
     * {@code DateResolver} gives (the resolver's is kept). Recorded by the LLM enrichment.
     */
    public static final String ENRICHMENT_DATE_DISAGREEMENTS = "memstream.enrichment.date.disagreements";
    // --- Memory index ---
    /** Timer, tag {@code decision}: time to decide on and apply one candidate, embedding excluded. */
    public static final String MEMORY_DECISION = "memstream.memory.decision";
    /**
     * Timer, tag {@code embedder}: time to compute one embedding, off the stream thread; a call for several memories
     * records its time shared evenly among them.
     */
    public static final String MEMORY_EMBEDDING = "memstream.memory.embedding";
    /** Counter, tag {@code embedder}: embedding attempts that failed (each is retried with backoff). */
    public static final String MEMORY_EMBEDDING_FAILURES = "memstream.memory.embedding.failures";
    /** Counter: memories passed on without an embedding after memory.embedding.max.attempts failures. */
    public static final String MEMORY_EMBEDDING_GIVEN_UP = "memstream.memory.embedding.given.up";
    /** Counter, tags {@code embedder}, {@code result} = {@code hit} | {@code miss}: texts looked up in the embedding cache. */
    public static final String MEMORY_EMBEDDING_CACHE_REQUESTS = "memstream.memory.embedding.cache.requests";
    /** Distribution summary, tag {@code embedder}: texts per embedding call (memories a worker took from the queue at once). */
    public static final String MEMORY_EMBEDDING_BATCH = "memstream.memory.embedding.batch";
    /** Gauge: memories waiting for their embedding, over this instance's tasks. */
    public static final String MEMORY_EMBEDDING_QUEUE = "memstream.memory.embedding.queue";
    // --- PostgreSQL sink (the Kafka Connect connector, watched over Connect's REST API) ---
    /**
     * Gauge, tag {@code connector}: the sink connector's state, 0 = every task RUNNING, 1 = starting, paused or
     * unassigned, 2 = the connector or a task FAILED, -1 = unknown (Connect unreachable or the connector missing).
     */
    public static final String SINK_STATE = "memstream.sink.state";
    /** Gauge, tag {@code connector}: enhanced-memories records (committed ones) the sink's consumer group has not committed. */
    public static final String SINK_LAG = "memstream.sink.lag";
    /** Counter, tag {@code connector}: times the sink connector or one of its tasks was seen entering FAILED. */
    public static final String SINK_TASK_FAILURES = "memstream.sink.task.failures";
    /** Counter, tag {@code connector}: restarts of the failed sink connector or tasks that memstream requested. */
    public static final String SINK_TASK_RESTARTS = "memstream.sink.task.restarts";
    public static final String TAG_CONNECTOR = "connector";
    public static final String TAG_DECISION = "decision";
    public static final String TAG_EMBEDDER = "embedder";

    /** Tag names. */
    public static final String TAG_CLOSED_BY = "closed_by";
    public static final String TAG_CHANGE = "change";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_TOPIC = "topic";
    public static final String TAG_MODEL = "model";
    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_RESULT = "result";
    public static final String TAG_STATE = "state";
    public static final String TAG_REASON = "reason";
    public static final String TAG_TYPE = "type";

    private MetricNames() {
    }
}
