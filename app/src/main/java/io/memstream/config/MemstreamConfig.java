package io.memstream.config;

import io.memstream.serde.SchemaRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * memstream's own settings, each declared once here with its type, default, validator and documentation, and read
 * once into typed settings per concern ({@link #topics()}, {@link #batching()}, {@link #enrichment()},
 * {@link #memory()}, {@link #ops()}, {@link #logging()}, {@link #shutdown()}): the constructor parses every value,
 * checks the rules between settings ({@link CrossFieldRules}) and rejects unknown memstream keys, so that a config that
 * exists is valid. Every other key given to the app (e.g. {@code num.stream.threads}, {@code security.protocol}) is
 * passed through unchanged to Kafka Streams, see {@link #streamsProperties()}.
 */
public final class MemstreamConfig extends AbstractConfig {

    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistries.URL_CONFIG;
    public static final String SCHEMA_REGISTRY_BASIC_AUTH = SchemaRegistries.BASIC_AUTH_USER_INFO_CONFIG;
    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;

    public static final String TOPIC_MESSAGES = "topic.messages";
    public static final String TOPIC_BATCHES = "topic.batches";
    public static final String TOPIC_MEMORIES = "topic.memories";
    public static final String TOPIC_DLQ_SUFFIX = "topic.dlq.suffix";
    public static final String TOPIC_CREATE = "topic.create";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";

    public static final String BATCH_SIZE = "batch.size";
    public static final String BATCH_IDLE_TIMEOUT = "batch.idle.timeout";
    public static final String BATCH_IDLE_CHECK_INTERVAL = "batch.idle.check.interval";
    public static final String BATCH_SESSION_RETENTION = "batch.session.retention";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_MESSAGE_MAX_BYTES = "batch.message.max.bytes";
    /**
     * Most {@link #BATCH_MAX_BYTES} may be: a batch, the session state holding it and the enrichment task holding
     * it each add a few hundred bytes to it, and all must stay under the 1 MiB that brokers and producers accept by
     * default ({@code message.max.bytes}, {@code max.request.size}).
     */
    public static final int BATCH_MAX_BYTES_LIMIT = 960 * 1024;

    // ---- Enrichment: the provider chain, the queue, output rules; per-provider keys below. ----
    public static final String TOPIC_REJECTED_MEMORIES = "topic.rejected.memories";
    public static final String ENRICHMENT_PROVIDERS = "enrichment.providers";
    public static final String ENRICHMENT_MAX_IN_FLIGHT = "enrichment.max.in.flight";
    public static final String ENRICHMENT_OFFLINE_THREADS = "enrichment.offline.threads";
    public static final String ENRICHMENT_MIN_QUALITY = "enrichment.min.quality";
    public static final String ENRICHMENT_MAX_MEMORIES = "enrichment.max.memories.per.batch";
    public static final String ENRICHMENT_PROMPT_VERSION = "enrichment.prompt.version";
    public static final String ENRICHMENT_PII_REDACTION = "enrichment.pii.redaction";
    public static final String ENRICHMENT_CACHE_MAX_ENTRIES = "enrichment.cache.max.entries";
    public static final String ENRICHMENT_CACHE_TTL = "enrichment.cache.ttl";
    public static final String ENRICHMENT_POLL_INTERVAL = "enrichment.poll.interval";
    public static final String ENRICHMENT_REQUEUE_BACKOFF_MAX = "enrichment.requeue.backoff.max";

    /** Each LLM provider has the keys {@code enrichment.<provider>.<suffix>} for the suffixes below. */
    public static final String LLM_BASE_URL = "base.url";
    public static final String LLM_MODEL = "model";
    public static final String LLM_API_KEY = "api.key";
    public static final String LLM_API_KEY_FILE = "api.key.file";
    public static final String LLM_TIMEOUT = "timeout";
    public static final String LLM_RETRIES = "retries";
    public static final String LLM_RETRY_BACKOFF = "retry.backoff";
    public static final String LLM_RETRY_BACKOFF_MAX = "retry.backoff.max";
    public static final String LLM_BREAKER_FAILURES = "breaker.failures";
    public static final String LLM_BREAKER_OPEN_FOR = "breaker.open.for";
    public static final String LLM_MAX_CONCURRENCY = "max.concurrency";
    public static final String LLM_RATE_LIMIT_PER_MINUTE = "rate.limit.per.minute";
    public static final String LLM_PRICE_INPUT_PER_1K = "price.input.per.1k";
    public static final String LLM_PRICE_OUTPUT_PER_1K = "price.output.per.1k";
    public static final String LLM_RESPONSE_FORMAT = "response.format";
    public static final String LLM_TEMPERATURE = "temperature";
    public static final String LLM_MAX_OUTPUT_TOKENS = "max.output.tokens";

    // Operations: the metrics/health HTTP server and logging.
    public static final String OPS_PORT = "ops.port";
    public static final String OPS_BIND_ADDRESS = "ops.bind.address";
    public static final String LOG_FORMAT = "log.format";
    public static final String LOG_LEVEL = "log.level";
    public static final String APP_LOG_LEVEL = "app.log.level";
    public static final String LOG_LEVELS = "log.levels";
    /** Whether a stopping instance leaves the consumer group: auto, always or never. */
    public static final String SHUTDOWN_LEAVE_GROUP = "shutdown.leave.group";
    /** Kafka's static membership key; the Helm chart sets it to the pod name (MEMSTREAM_GROUP_INSTANCE_ID). */
    public static final String GROUP_INSTANCE_ID = org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;
    /** Interface every server of the laptop stack (embedded, demo) listens on. */
    public static final String EMBEDDED_BIND_ADDRESS = "embedded.bind.address";
    /** Kafka Connect REST URL of the worker running the PostgreSQL sink; empty = the sink is not watched. */
    public static final String SINK_CONNECT_URL = "sink.connect.url";
    /** Name of the sink connector on that worker. */
    public static final String SINK_CONNECTOR_NAME = "sink.connector.name";
    /** How often the sink's status and lag are read. */
    public static final String SINK_POLL_INTERVAL = "sink.poll.interval";

    // --- Memory index ---
    public static final String TOPIC_COMMANDS = "topic.commands";
    public static final String TOPIC_MEMORY_INDEX = "topic.memory.index";
    public static final String TOPIC_FORGOTTEN = "topic.forgotten";
    public static final String MEMORY_SCOPE = "memory.scope";
    public static final String MEMORY_REINFORCE_THRESHOLD = "memory.reinforce.threshold";
    public static final String MEMORY_JUDGE_BAND = "memory.judge.band";
    public static final String MEMORY_MAX_PER_SCOPE = "memory.max.per.scope";
    public static final String MEMORY_RETENTION_BY_CATEGORY = "memory.retention.by.category";
    public static final String MEMORY_INDEX_CACHE_BYTES = "memory.index.cache.bytes";
    public static final String MEMORY_EMBEDDING_PROVIDER = "memory.embedding.provider";
    public static final String MEMORY_EMBEDDING_BASE_URL = "memory.embedding.base.url";
    public static final String MEMORY_EMBEDDING_MODEL = "memory.embedding.model";
    public static final String MEMORY_EMBEDDING_API_KEY = "memory.embedding.api.key";
    public static final String MEMORY_EMBEDDING_TIMEOUT = "memory.embedding.timeout";
    public static final String MEMORY_EMBEDDING_THREADS = "memory.embedding.threads";
    public static final String MEMORY_EMBEDDING_BATCH_SIZE = "memory.embedding.batch.size";
    public static final String MEMORY_EMBEDDING_CACHE = "memory.embedding.cache";
    public static final String MEMORY_EMBEDDING_MAX_ATTEMPTS = "memory.embedding.max.attempts";
    public static final String MEMORY_EMBEDDING_MAX_PENDING = "memory.embedding.max.pending";
    public static final String MEMORY_EMBEDDING_POLL_INTERVAL = "memory.embedding.poll.interval";
    public static final String STATE_ROCKSDB_CACHE_BYTES = "state.rocksdb.cache.bytes";
    public static final String STATE_ROCKSDB_WRITE_BUFFER_BYTES = "state.rocksdb.write.buffer.bytes";
    /** Default of {@link #MEMORY_REINFORCE_THRESHOLD}, calibrated on the labelled pairs of MemoryThresholdCalibrationTest. */
    public static final double DEFAULT_REINFORCE_THRESHOLD = 0.80;

    // The values of the settings that have a fixed set of them; declared ahead of DEFINITION, which uses them.
    private static final Choice<ProcessingGuarantee> GUARANTEES = Choice.of(ProcessingGuarantee.class);
    private static final Choice<LogFormat> LOG_FORMATS = Choice.of(LogFormat.class);
    private static final Choice<LogLevel> LEVELS = Choice.ofAnyCase(LogLevel.class);
    private static final Choice<LeaveGroup> LEAVE_GROUP_MODES = Choice.of(LeaveGroup.class);
    private static final Choice<MemorySettings.Scope> SCOPES = Choice.of(MemorySettings.Scope.class);
    private static final Choice<EmbeddingSettings.Provider> EMBEDDING_PROVIDERS = Choice.of(EmbeddingSettings.Provider.class);
    private static final Choice<LlmResponseFormat> RESPONSE_FORMATS = Choice.of(LlmResponseFormat.class);
    private static final Choice<EnrichmentProvider> ENRICHMENT_PROVIDER_NAMES = Choice.of(EnrichmentProvider.class);

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "memstream", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group, prefix of internal topics and of the state directory.")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "localhost:9092", Importance.HIGH,
                    "Kafka brokers to connect to.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "mock://memstream", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Confluent-compatible schema registry URL(s), comma separated; mock://<scope> is the in-process registry.")
            .define(SCHEMA_REGISTRY_BASIC_AUTH, Type.PASSWORD, null, Importance.LOW,
                    "user:password for the schema registry's HTTP basic auth; read it from a file or the environment, never commit it.")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    GUARANTEES, Importance.MEDIUM,
                    "exactly_once_v2 (default: a crash neither loses nor duplicates) or at_least_once.")
            .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/memstream-state", Importance.MEDIUM,
                    "Directory of the RocksDB state stores.")
            .define(TOPIC_MESSAGES, Type.STRING, "chat-messages", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input topic of ChatMessage records, key = session_id.")
            .define(TOPIC_BATCHES, Type.STRING, "chat-batches", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of closed MessageBatch records, key = session_id; replay it to re-enrich with a new model or prompt.")
            .define(TOPIC_MEMORIES, Type.STRING, "enhanced-memories", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output topic of EnhancedMemory records, key = memory_id, compacted; a tombstone deletes a memory.")
            .define(TOPIC_DLQ_SUFFIX, Type.STRING, "-dlq", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Dead-letter topic of an input topic = its name + this suffix.")
            .define(TOPIC_CREATE, Type.BOOLEAN, true, Importance.LOW,
                    "Create missing topics at start-up (with topic.partitions and topic.replication.factor).")
            .define(TOPIC_PARTITIONS, Type.INT, 6, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Partitions of topics created at start-up; partitions bound the parallelism.")
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of topics created at start-up; -1 = the broker's default.")
            .define(BATCH_SIZE, Type.INT, 20, ConfigDef.Range.between(1, 10_000), Importance.HIGH,
                    "Messages per batch: a session's batch closes when it holds this many.")
            .define(BATCH_IDLE_TIMEOUT, Type.STRING, "10m", DurationParser.positive(), Importance.HIGH,
                    "A partial batch closes when its session has had no message for this long (wall clock).")
            .define(BATCH_IDLE_CHECK_INTERVAL, Type.STRING, "30s", DurationParser.positive(), Importance.LOW,
                    "How often the batcher looks for idle sessions (wall-clock punctuation).")
            .define(BATCH_SESSION_RETENTION, Type.STRING, "7d", DurationParser.positive(), Importance.LOW,
                    "How long an idle session's batch counter and seen message ids are kept, so that late retries are still deduplicated.")
            .define(BATCH_MAX_BYTES, Type.INT, 512 * 1024, ConfigDef.Range.between(1024, BATCH_MAX_BYTES_LIMIT),
                    Importance.MEDIUM,
                    "A session's batch also closes (closed_by SIZE) when its next message would take its messages past this "
                            + "many bytes (Avro-encoded), so that a batch, the session state holding it and every record made "
                            + "from it stay under the brokers' 1 MiB record limit.")
            .define(BATCH_MESSAGE_MAX_BYTES, Type.INT, 64 * 1024, ConfigDef.Range.between(512, BATCH_MAX_BYTES_LIMIT),
                    Importance.MEDIUM,
                    "Largest chat message memstream batches (Avro-encoded); a larger message has its content cut to fit, "
                            + "ending with a marker that says how many bytes were cut. At most batch.max.bytes.")
            // Operations.
            .define(OPS_PORT, Type.INT, 8080, ConfigDef.Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the HTTP server for /metrics (Prometheus) and /health, /health/ready, /health/processor, "
                            + "/health/llm, /health/memory, /health/sink; 0 = any free port (printed at start-up), -1 = no server.")
            .define(OPS_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the metrics/health server listens on.")
            .define(LOG_FORMAT, Type.STRING, "plain", LOG_FORMATS, Importance.LOW,
                    "Log lines on stderr: 'plain' text or 'json' (one JSON object a line, for log shippers).")
            .define(LOG_LEVEL, Type.STRING, "WARN", LEVELS, Importance.LOW,
                    "Level of the root logger (Kafka clients, the embedded broker, Connect).")
            .define(APP_LOG_LEVEL, Type.STRING, "INFO", LEVELS, Importance.LOW,
                    "Level of memstream's own loggers (io.memstream).")
            .define(LOG_LEVELS, Type.LIST, "", LogLevelsValidator.INSTANCE, Importance.LOW,
                    "Levels per logger, comma separated, e.g. 'org.apache.kafka.streams=INFO,io.memstream.enrichment=DEBUG'; "
                            + "applied after log.level and app.log.level.")
            .define(SHUTDOWN_LEAVE_GROUP, Type.STRING, LEAVE_GROUP_MODES.written(LeaveGroup.AUTO), LEAVE_GROUP_MODES,
                    Importance.MEDIUM,
                    "Whether an instance leaves the consumer group when it stops (SIGTERM), so that the others take its "
                            + "partitions at once: 'auto' leaves unless group.instance.id is set (static membership: a restart "
                            + "within session.timeout.ms gets its partitions back without a rebalance, a final stop makes "
                            + "them wait that long), 'always' leaves, 'never' stays until the session times out.")
            .define(EMBEDDED_BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Interface the laptop stack ('embedded', 'demo') listens on: Kafka broker and controller, schema registry, "
                            + "Connect REST, PostgreSQL, and the metrics/health server unless ops.bind.address is set. "
                            + "The default answers this machine only; 0.0.0.0 opens everything (plaintext, no auth) to the network.")
            .define(SINK_CONNECT_URL, Type.STRING, "", Importance.MEDIUM,
                    "Kafka Connect REST URL (e.g. http://connect:8083) of the worker running the PostgreSQL sink: its state, "
                            + "failures and lag then show in /health, /health/sink and /metrics. Empty: not watched.")
            .define(SINK_CONNECTOR_NAME, Type.STRING, "memories-sink", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Name of the sink connector on that worker (its consumer group is connect-<name>).")
            .define(SINK_POLL_INTERVAL, Type.STRING, "5s", DurationParser.positive(), Importance.LOW,
                    "How often the sink connector's status and lag are read.")
            // ---- Enrichment ----
            .define(ENRICHMENT_PROVIDERS, Type.LIST, EnrichmentProvider.OFFLINE.configValue(), providerChain(), Importance.HIGH,
                    "Ordered fallback chain of enrichers, e.g. 'ollama,openai,offline': each LLM provider is tried in turn "
                            + "(an unavailable or open-circuit provider is skipped); 'offline' is the deterministic rule-based "
                            + "enricher and, when present, must be last. Without 'offline', batches wait durably in the queue "
                            + "while every provider is down and drain when one comes back.")
            .define(TOPIC_REJECTED_MEMORIES, Type.STRING, "rejected-memories", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Audit topic of memories below enrichment.min.quality (EnhancedMemory, key = memory_id); never mirrored to PostgreSQL.")
            .define(ENRICHMENT_MAX_IN_FLIGHT, Type.INT, 16, ConfigDef.Range.between(1, 4096), Importance.HIGH,
                    "Most LLM calls running at once in this instance, over all tasks; further batches wait in the queue store.")
            .define(ENRICHMENT_OFFLINE_THREADS, Type.INT, -1, ConfigDef.Range.between(-1, 64), Importance.LOW,
                    "Threads running the offline enricher when the chain is 'offline' alone, beside the stream threads and through "
                            + "the same durable queue as LLM calls; -1 (default) is one per core the JVM sees; 0 enriches on the "
                            + "stream thread, for tests and benchmarks.")
            .define(ENRICHMENT_MIN_QUALITY, Type.INT, 2, ConfigDef.Range.between(1, 5), Importance.MEDIUM,
                    "Memories with a quality_score below this go to topic.rejected.memories instead of enhanced-memories.")
            .define(ENRICHMENT_MAX_MEMORIES, Type.INT, 10, ConfigDef.Range.between(1, 100), Importance.LOW,
                    "Most memories an LLM may extract from one batch; a longer answer fails validation.")
            .define(ENRICHMENT_PROMPT_VERSION, Type.STRING, "memories-v2", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Extraction prompt template, a resource named <version>.prompt; written to EnhancedMemory.prompt_version.")
            .define(ENRICHMENT_PII_REDACTION, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Replace e-mail addresses, phone, card and IBAN numbers by placeholders before chat text is sent to an LLM; "
                            + "the memories get the original values back.")
            .define(ENRICHMENT_CACHE_MAX_ENTRIES, Type.INT, 10_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Prompt-result cache size (validated model answers keyed by the prompt's SHA-256); 0 disables the cache.")
            .define(ENRICHMENT_CACHE_TTL, Type.STRING, "1h", DurationParser.positive(), Importance.LOW,
                    "How long a cached model answer is reused.")
            .define(ENRICHMENT_POLL_INTERVAL, Type.STRING, "100ms", DurationParser.positive(), Importance.LOW,
                    "How often the enrichment stage forwards finished batches and starts waiting ones (wall-clock punctuation).")
            .define(ENRICHMENT_REQUEUE_BACKOFF_MAX, Type.STRING, "1m", DurationParser.positive(), Importance.LOW,
                    "Longest wait before a batch that found every provider down is tried again (the wait doubles from 1s, "
                            + "or follows the providers' Retry-After and circuit breakers when longer).")
            // --- Memory index ---
            .define(TOPIC_COMMANDS, Type.STRING, "memory-commands", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input topic of MemoryCommand records (FORGET_USER, FORGET_MEMORY), key = user_id.")
            .define(TOPIC_MEMORY_INDEX, Type.STRING, "memory-index-input", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Internal topic that repartitions candidate memories and commands by memory scope, ahead of the memory index; "
                            + "give it as many partitions as the other topics.")
            .define(TOPIC_FORGOTTEN, Type.STRING, "memory-forgotten", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Compacted topic holding every forget command (key = user_id, or user_id NUL memory_id for FORGET_MEMORY): "
                            + "the durable record that keeps forgotten chat out of replays and resets. Never delete it.")
            .define(MEMORY_SCOPE, Type.STRING, "user", SCOPES, Importance.HIGH,
                    "What a memory belongs to: 'user' (all agents share a user's memories) or 'agent_user' (each agent has its own "
                            + "memories of each user). Memories of different scopes never merge. Changing it needs an application reset.")
            .define(MEMORY_REINFORCE_THRESHOLD, Type.DOUBLE, DEFAULT_REINFORCE_THRESHOLD, ConfigDef.Range.between(0.0, 1.0),
                    Importance.HIGH,
                    "Cosine similarity of embeddings at or above which a new memory reinforces an active one instead of being added. "
                            + "The default is calibrated for all-MiniLM-L6-v2; recalibrate for another embedding model.")
            .define(MEMORY_JUDGE_BAND, Type.DOUBLE, 0.10, ConfigDef.Range.between(0.0, 1.0), Importance.LOW,
                    "Width of the similarity band just below memory.reinforce.threshold in which the supersede judge is asked "
                            + "whether a new memory replaces an old one; the offline subject rules decide at any similarity.")
            .define(MEMORY_MAX_PER_SCOPE, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Most memories kept per scope; beyond it the index deletes superseded memories first, then the least important, "
                            + "then the least recently seen.")
            .define(MEMORY_RETENTION_BY_CATEGORY, Type.LIST, "", Importance.MEDIUM,
                    "Retention policy: category=duration pairs (e.g. plan=90d,other=365d). A memory of a listed category is "
                            + "deleted once the index has seen chat written more than that duration after the memory's last_seen "
                            + "(event time: the timestamps of the chat, never the wall clock, so a backfill or replay keeps what "
                            + "live ingestion kept). Empty by default: nothing is deleted by age.")
            .define(MEMORY_INDEX_CACHE_BYTES, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Heap for the index's in-memory view of recently used scopes (embeddings and decision fields, about 1.6 KB "
                            + "per memory with 384-dimension embeddings); least recently used scopes are dropped and re-read from RocksDB.")
            .define(MEMORY_EMBEDDING_PROVIDER, Type.STRING, "local", EMBEDDING_PROVIDERS, Importance.HIGH,
                    "Where embeddings come from: 'local' (all-MiniLM-L6-v2 in-process, offline), 'openai' (any OpenAI-compatible "
                            + "/v1/embeddings endpoint) or 'ollama'.")
            .define(MEMORY_EMBEDDING_BASE_URL, Type.STRING, "", Importance.MEDIUM,
                    "Base URL of the embedding endpoint (openai: e.g. https://api.openai.com/v1; ollama: e.g. http://localhost:11434).")
            .define(MEMORY_EMBEDDING_MODEL, Type.STRING, "", Importance.MEDIUM,
                    "Embedding model of the endpoint (e.g. text-embedding-3-small, nomic-embed-text); ignored by 'local'.")
            .define(MEMORY_EMBEDDING_API_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                    "API key of the OpenAI-compatible endpoint; from the environment (MEMSTREAM_MEMORY_EMBEDDING_API_KEY) or a file, never logged.")
            .define(MEMORY_EMBEDDING_TIMEOUT, Type.STRING, "30s", DurationParser.positive(), Importance.LOW,
                    "Timeout of one call to the embedding endpoint.")
            .define(MEMORY_EMBEDDING_THREADS, Type.INT, -1, ConfigDef.Range.between(-1, 64), Importance.LOW,
                    "Threads computing embeddings off the stream thread (calls in flight for an endpoint); -1 (default) is one per "
                            + "core the JVM sees; 0 computes them on the stream thread, for tests and benchmarks.")
            .define(MEMORY_EMBEDDING_BATCH_SIZE, Type.INT, 32, ConfigDef.Range.between(1, 1024), Importance.LOW,
                    "Most memories one embedding call takes: a thread takes every memory waiting, up to this many, in one call "
                            + "(one request to an endpoint; the in-process model spreads them over the cores). 1 embeds one at a time.")
            .define(MEMORY_EMBEDDING_CACHE, Type.BOOLEAN, true, Importance.LOW,
                    "Reuse the embedding of a text embedded a moment ago (the 10,000 most recently used texts, about 16 MB, "
                            + "keyed by the exact text). The in-process model's cache is shared with the offline extractor, which "
                            + "embeds the sentences the memories are made of.")
            .define(MEMORY_EMBEDDING_MAX_ATTEMPTS, Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Attempts to embed one memory (exponential backoff from 1 s); after the last one the memory goes on without an "
                            + "embedding and is matched by content and subject only.")
            .define(MEMORY_EMBEDDING_MAX_PENDING, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Memories waiting for an embedding per task before the stream thread waits for the oldest (back-pressure).")
            .define(MEMORY_EMBEDDING_POLL_INTERVAL, Type.STRING, "50ms", DurationParser.positive(), Importance.LOW,
                    "How often finished embeddings are forwarded to the index (wall-clock punctuation).")
            .define(STATE_ROCKSDB_CACHE_BYTES, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(1024 * 1024), Importance.MEDIUM,
                    "Off-heap memory of all RocksDB state stores of this instance together: one block cache shared by every store, "
                            + "which also accounts for their memtables.")
            .define(STATE_ROCKSDB_WRITE_BUFFER_BYTES, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1024 * 1024),
                    Importance.LOW,
                    "Part of state.rocksdb.cache.bytes that the memtables of all stores may use together (write-buffer manager).");


    static {
        for (EnrichmentProvider provider : EnrichmentProvider.llms()) {
            defineLlmProvider(DEFINITION, provider);
        }
    }

    private final ProcessingGuarantee processingGuarantee;
    private final Topics topics;
    private final BatchingSettings batching;
    private final EnrichmentSettings enrichment;
    private final MemorySettings memory;
    private final OpsSettings ops;
    private final LoggingSettings logging;
    private final ShutdownSettings shutdown;

    /** Parses and checks every setting once: a config that is built is valid, and its settings are typed. */
    public MemstreamConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        UnknownSettings.reject(originals, DEFINITION.names());
        processingGuarantee = GUARANTEES.parse(PROCESSING_GUARANTEE, getString(PROCESSING_GUARANTEE));
        topics = readTopics();
        batching = readBatching();
        CrossFieldRules.checkBatching(batching);
        enrichment = readEnrichment();
        memory = readMemory();
        CrossFieldRules.checkEmbedding(memory.embedding());
        CrossFieldRules.checkRocksDb(getLong(STATE_ROCKSDB_CACHE_BYTES), getLong(STATE_ROCKSDB_WRITE_BUFFER_BYTES));
        ops = readOps();
        logging = readLogging();
        shutdown = new ShutdownSettings(LEAVE_GROUP_MODES.parse(SHUTDOWN_LEAVE_GROUP, getString(SHUTDOWN_LEAVE_GROUP)),
                Optional.ofNullable(originals().get(GROUP_INSTANCE_ID)).map(Object::toString).filter(id -> !id.isBlank()));
    }

    public Topics topics() {
        return topics;
    }

    public BatchingSettings batching() {
        return batching;
    }

    public EnrichmentSettings enrichment() {
        return enrichment;
    }

    public MemorySettings memory() {
        return memory;
    }

    public OpsSettings ops() {
        return ops;
    }

    public LoggingSettings logging() {
        return logging;
    }

    public ShutdownSettings shutdown() {
        return shutdown;
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    /** Settings a registry-aware serde needs. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = new HashMap<>();
        serde.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
        if (getPassword(SCHEMA_REGISTRY_BASIC_AUTH) != null) {
            serde.put(SCHEMA_REGISTRY_BASIC_AUTH, getPassword(SCHEMA_REGISTRY_BASIC_AUTH).value());
        }
        return serde;
    }

    /** Properties for {@code KafkaStreams}: the Kafka keys declared here plus every key this class does not own. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        originals().forEach((k, v) -> {
            if (!DEFINITION.names().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(APPLICATION_ID, getString(APPLICATION_ID));
        props.put(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
        props.put(PROCESSING_GUARANTEE, GUARANTEES.written(processingGuarantee));
        props.put(STATE_DIR, getString(STATE_DIR));
        // The global store of forget commands follows the same exception handling as the tasks: Kafka 5.0's default.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // --- Memory index: bounded RocksDB memory for every store, unless the user brings a setter. ---
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        props.put(STATE_ROCKSDB_CACHE_BYTES, getLong(STATE_ROCKSDB_CACHE_BYTES));
        props.put(STATE_ROCKSDB_WRITE_BUFFER_BYTES, getLong(STATE_ROCKSDB_WRITE_BUFFER_BYTES));
        return props;
    }

    /** Every setting, one {@code key=value} a line, secrets masked: what the app logs at start-up. */
    @Override
    public String toString() {
        return MaskedSettings.render(DEFINITION, values(), originals());
    }

    /** The key {@code enrichment.<provider>.<suffix>}. */
    public static String llmKey(EnrichmentProvider provider, String suffix) {
        return "enrichment." + provider.configValue() + "." + suffix;
    }

    private Topics readTopics() {
        short replication = getShort(TOPIC_REPLICATION_FACTOR);
        return new Topics(getString(TOPIC_MESSAGES), getString(TOPIC_BATCHES), getString(TOPIC_MEMORIES),
                getString(TOPIC_REJECTED_MEMORIES), getString(TOPIC_COMMANDS), getString(TOPIC_MEMORY_INDEX),
                getString(TOPIC_FORGOTTEN), getString(TOPIC_DLQ_SUFFIX), getBoolean(TOPIC_CREATE),
                getInt(TOPIC_PARTITIONS), replication > 0 ? Optional.of(replication) : Optional.empty());
    }

    private BatchingSettings readBatching() {
        return new BatchingSettings(getInt(BATCH_SIZE), duration(BATCH_IDLE_TIMEOUT), duration(BATCH_IDLE_CHECK_INTERVAL),
                duration(BATCH_SESSION_RETENTION), getInt(BATCH_MAX_BYTES), getInt(BATCH_MESSAGE_MAX_BYTES));
    }

    private EnrichmentSettings readEnrichment() {
        List<EnrichmentProvider> chain = providerNames(getList(ENRICHMENT_PROVIDERS));
        int offlineThreads = getInt(ENRICHMENT_OFFLINE_THREADS);
        return new EnrichmentSettings(chain, chain.stream().filter(EnrichmentProvider::isLlm).map(this::readLlm).toList(),
                getInt(ENRICHMENT_MAX_IN_FLIGHT),
                offlineThreads < 0 ? Runtime.getRuntime().availableProcessors() : offlineThreads,
                getInt(ENRICHMENT_MIN_QUALITY), getInt(ENRICHMENT_MAX_MEMORIES), getString(ENRICHMENT_PROMPT_VERSION),
                getBoolean(ENRICHMENT_PII_REDACTION), getInt(ENRICHMENT_CACHE_MAX_ENTRIES), duration(ENRICHMENT_CACHE_TTL),
                duration(ENRICHMENT_POLL_INTERVAL), duration(ENRICHMENT_REQUEUE_BACKOFF_MAX));
    }

    /** One LLM provider's settings; its API key comes from its key or its key file. */
    private LlmProviderSettings readLlm(EnrichmentProvider provider) {
        Password key = getPassword(llmKey(provider, LLM_API_KEY));
        String keyFile = getString(llmKey(provider, LLM_API_KEY_FILE));
        CrossFieldRules.checkApiKeySource(provider, key, keyFile);
        if (keyFile != null) {
            key = new Password(readSecretFile(llmKey(provider, LLM_API_KEY_FILE), keyFile));
        }
        CrossFieldRules.checkApiKeyPresent(provider, key);
        return new LlmProviderSettings(provider,
                getString(llmKey(provider, LLM_BASE_URL)),
                getString(llmKey(provider, LLM_MODEL)),
                key,
                duration(llmKey(provider, LLM_TIMEOUT)),
                getInt(llmKey(provider, LLM_RETRIES)),
                duration(llmKey(provider, LLM_RETRY_BACKOFF)),
                duration(llmKey(provider, LLM_RETRY_BACKOFF_MAX)),
                getInt(llmKey(provider, LLM_BREAKER_FAILURES)),
                duration(llmKey(provider, LLM_BREAKER_OPEN_FOR)),
                getInt(llmKey(provider, LLM_MAX_CONCURRENCY)),
                getInt(llmKey(provider, LLM_RATE_LIMIT_PER_MINUTE)),
                getDouble(llmKey(provider, LLM_PRICE_INPUT_PER_1K)),
                getDouble(llmKey(provider, LLM_PRICE_OUTPUT_PER_1K)),
                RESPONSE_FORMATS.parse(llmKey(provider, LLM_RESPONSE_FORMAT), getString(llmKey(provider, LLM_RESPONSE_FORMAT))),
                getDouble(llmKey(provider, LLM_TEMPERATURE)),
                getInt(llmKey(provider, LLM_MAX_OUTPUT_TOKENS)));
    }

    private MemorySettings readMemory() {
        EmbeddingSettings embedding = new EmbeddingSettings(
                EMBEDDING_PROVIDERS.parse(MEMORY_EMBEDDING_PROVIDER, getString(MEMORY_EMBEDDING_PROVIDER)),
                getString(MEMORY_EMBEDDING_BASE_URL), getString(MEMORY_EMBEDDING_MODEL),
                getPassword(MEMORY_EMBEDDING_API_KEY), duration(MEMORY_EMBEDDING_TIMEOUT),
                getInt(MEMORY_EMBEDDING_THREADS), getInt(MEMORY_EMBEDDING_BATCH_SIZE), getBoolean(MEMORY_EMBEDDING_CACHE),
                getInt(MEMORY_EMBEDDING_MAX_ATTEMPTS), getInt(MEMORY_EMBEDDING_MAX_PENDING),
                duration(MEMORY_EMBEDDING_POLL_INTERVAL));
        return new MemorySettings(SCOPES.parse(MEMORY_SCOPE, getString(MEMORY_SCOPE)),
                getDouble(MEMORY_REINFORCE_THRESHOLD), getDouble(MEMORY_JUDGE_BAND), getInt(MEMORY_MAX_PER_SCOPE),
                retentionByCategory(), getLong(MEMORY_INDEX_CACHE_BYTES), embedding);
    }

    /** {@link #MEMORY_RETENTION_BY_CATEGORY} as a map; a malformed pair is a {@link ConfigException} naming it. */
    private Map<String, Duration> retentionByCategory() {
        Map<String, Duration> retention = new HashMap<>();
        for (String pair : getList(MEMORY_RETENTION_BY_CATEGORY)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException(MEMORY_RETENTION_BY_CATEGORY, pair, "write category=duration pairs, e.g. plan=90d");
            }
            try {
                retention.put(pair.substring(0, eq).trim(), DurationParser.parse(pair.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(MEMORY_RETENTION_BY_CATEGORY, pair, e.getMessage());
            }
        }
        return Map.copyOf(retention);
    }

    private OpsSettings readOps() {
        return new OpsSettings(getInt(OPS_PORT), getString(OPS_BIND_ADDRESS), getString(EMBEDDED_BIND_ADDRESS),
                Optional.of(getString(SINK_CONNECT_URL).strip()).filter(url -> !url.isEmpty()),
                getString(SINK_CONNECTOR_NAME), duration(SINK_POLL_INTERVAL));
    }

    private LoggingSettings readLogging() {
        Map<String, LogLevel> levels = new LinkedHashMap<>();
        for (String entry : getList(LOG_LEVELS)) {
            int eq = entry.indexOf('=');
            levels.put(entry.substring(0, eq).trim(), LEVELS.parse(LOG_LEVELS, entry.substring(eq + 1).trim()));
        }
        return new LoggingSettings(LOG_FORMATS.parse(LOG_FORMAT, getString(LOG_FORMAT)),
                LEVELS.parse(LOG_LEVEL, getString(LOG_LEVEL)),
                LEVELS.parse(APP_LOG_LEVEL, getString(APP_LOG_LEVEL)), Collections.unmodifiableMap(levels));
    }

    /** A duration key, valid since its validator parsed it once already. */
    private Duration duration(String key) {
        return DurationParser.parse(getString(key));
    }

    private static String readSecretFile(String key, String file) {
        try {
            String secret = Files.readString(Path.of(file)).strip();
            if (secret.isEmpty()) {
                throw new ConfigException(key, file, "the file is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new ConfigException(key, file, "cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** enrichment.providers: known names, each once, offline only last. */
    private static ConfigDef.Validator providerChain() {
        return (name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> chain = ((List<String>) value).stream().map(String::strip).toList();
            if (chain.isEmpty()) {
                throw new ConfigException(name, value, "name at least one provider, e.g. 'offline'");
            }
            for (int i = 0; i < chain.size(); i++) {
                String provider = chain.get(i);
                if (chain.indexOf(provider) != i) {
                    throw new ConfigException(name, value, "'" + provider + "' is named twice");
                }
            }
            List<EnrichmentProvider> providers = providerNames(chain);
            if (providers.indexOf(EnrichmentProvider.OFFLINE) >= 0
                    && providers.indexOf(EnrichmentProvider.OFFLINE) != providers.size() - 1) {
                throw new ConfigException(name, value, "'offline' never fails, so it must be the last provider");
            }
        };
    }

    private static List<EnrichmentProvider> providerNames(List<String> names) {
        return names.stream().map(String::strip).map(provider -> {
            try {
                return ENRICHMENT_PROVIDER_NAMES.parse(ENRICHMENT_PROVIDERS, provider);
            } catch (ConfigException e) {
                throw new ConfigException(ENRICHMENT_PROVIDERS, names, "unknown provider '" + provider + "': use one of "
                        + ENRICHMENT_PROVIDER_NAMES.options());
            }
        }).toList();
    }

    /** Validates {@code log.levels}: each entry {@code logger=LEVEL}. */
    private enum LogLevelsValidator implements ConfigDef.Validator {
        INSTANCE;

        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> entries)) {
                return;
            }
            for (Object entry : entries) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                if (eq <= 0 || !LEVELS.accepts(text.substring(eq + 1).trim())) {
                    throw new ConfigException(name, value, "each entry is logger=LEVEL with LEVEL one of " + LEVELS.options()
                            + "; '" + text + "' is not");
                }
            }
        }

        @Override
        public String toString() {
            return "logger=LEVEL, ...";
        }
    }

    private static void defineLlmProvider(ConfigDef definition, EnrichmentProvider provider) {
        String label = switch (provider) {
            case OPENAI -> "the OpenAI-compatible chat-completions provider (OpenAI, vLLM, llama.cpp server, "
                    + "LM Studio, OpenRouter, DashScope compatible mode)";
            case OLLAMA -> "the Ollama provider";
            default -> "the Anthropic provider";
        };
        String baseUrl = switch (provider) {
            case OPENAI -> "https://api.openai.com/v1";
            case OLLAMA -> "http://localhost:11434";
            default -> "https://api.anthropic.com/v1";
        };
        String model = switch (provider) {
            case OPENAI -> "gpt-4o-mini";
            case OLLAMA -> "qwen2.5:3b";
            default -> "claude-3-5-haiku-latest";
        };
        // Anthropic's structured outputs need recent models; the prompt asks for JSON and the answer is validated anyway.
        LlmResponseFormat format = provider == EnrichmentProvider.ANTHROPIC
                ? LlmResponseFormat.TEXT : LlmResponseFormat.JSON_SCHEMA;
        definition
                .define(llmKey(provider, LLM_BASE_URL), Type.STRING, baseUrl, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Base URL of " + label + ".")
                .define(llmKey(provider, LLM_MODEL), Type.STRING, model, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Model name for " + label + "; memories record '" + provider.configValue() + "/<model>'.")
                .define(llmKey(provider, LLM_API_KEY), Type.PASSWORD, null, Importance.MEDIUM,
                        "API key of " + label + ": set it through MEMSTREAM_ENRICHMENT_" + provider.name()
                                + "_API_KEY or use the .file key; never logged.")
                .define(llmKey(provider, LLM_API_KEY_FILE), Type.STRING, null, Importance.LOW,
                        "File holding the API key of " + label + " (e.g. a mounted secret).")
                .define(llmKey(provider, LLM_TIMEOUT), Type.STRING, "30s", DurationParser.positive(), Importance.MEDIUM,
                        "Longest wait for one HTTP call to " + label + ", response body included.")
                .define(llmKey(provider, LLM_RETRIES), Type.INT, 2, ConfigDef.Range.between(0, 10), Importance.LOW,
                        "Retries of a call that got 429, 5xx, a timeout or a connection error, before the next provider is tried.")
                .define(llmKey(provider, LLM_RETRY_BACKOFF), Type.STRING, "500ms", DurationParser.positive(), Importance.LOW,
                        "First retry backoff; it doubles per retry, with equal jitter (half fixed, half random). A longer "
                                + "Retry-After wins.")
                .define(llmKey(provider, LLM_RETRY_BACKOFF_MAX), Type.STRING, "20s", DurationParser.positive(), Importance.LOW,
                        "Longest wait before a retry; a Retry-After beyond it sends the batch to the next provider and rests "
                                + "this one until then.")
                .define(llmKey(provider, LLM_BREAKER_FAILURES), Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Consecutive failed calls that open the circuit breaker: while open, the provider is skipped.")
                .define(llmKey(provider, LLM_BREAKER_OPEN_FOR), Type.STRING, "30s", DurationParser.positive(), Importance.LOW,
                        "How long the breaker stays open before one probe call (half-open) may close it again.")
                .define(llmKey(provider, LLM_MAX_CONCURRENCY), Type.INT, 64, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Most calls to " + label + " at once (enrichment.max.in.flight bounds all providers together).")
                .define(llmKey(provider, LLM_RATE_LIMIT_PER_MINUTE), Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Most calls per minute to " + label + "; 0 = no limit.")
                .define(llmKey(provider, LLM_PRICE_INPUT_PER_1K), Type.DOUBLE, 0.0, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Price of 1,000 input tokens in US dollars, for the estimated-cost metric (memstream_llm_cost_usd_total).")
                .define(llmKey(provider, LLM_PRICE_OUTPUT_PER_1K), Type.DOUBLE, 0.0, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Price of 1,000 output tokens in US dollars, for the estimated-cost metric.")
                .define(llmKey(provider, LLM_RESPONSE_FORMAT), Type.STRING, RESPONSE_FORMATS.written(format),
                        RESPONSE_FORMATS, Importance.LOW,
                        "Structured output: json_schema (the server enforces the memories schema), json (JSON mode) or text "
                                + "(the prompt asks for JSON); the answer is validated strictly in every case.")
                .define(llmKey(provider, LLM_TEMPERATURE), Type.DOUBLE, 0.0, ConfigDef.Range.between(0, 2), Importance.LOW,
                        "Sampling temperature; 0 keeps answers as repeatable as the model allows.")
                .define(llmKey(provider, LLM_MAX_OUTPUT_TOKENS), Type.INT, 2048, ConfigDef.Range.atLeast(64), Importance.LOW,
                        "Most tokens of one answer; a truncated answer fails validation and gets one repair attempt.");
    }
}
