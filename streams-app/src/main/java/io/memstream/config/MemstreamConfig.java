package io.memstream.config;

import io.memstream.serde.SchemaRegistries;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * memstream's own settings, each declared once here with its type, default, validator and documentation.
 * Every other key given to the app (e.g. {@code num.stream.threads}, {@code security.protocol}) is passed
 * through unchanged to Kafka Streams, see {@link #streamsProperties()}.
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

    public static final String ENRICHMENT_ENRICHER = "enrichment.enricher";

    // --- Memory index (issue 4) ---
    public static final String TOPIC_COMMANDS = "topic.commands";
    public static final String TOPIC_MEMORY_INDEX = "topic.memory.index";
    public static final String MEMORY_SCOPE = "memory.scope";
    public static final String MEMORY_REINFORCE_THRESHOLD = "memory.reinforce.threshold";
    public static final String MEMORY_JUDGE_BAND = "memory.judge.band";
    public static final String MEMORY_MAX_PER_SCOPE = "memory.max.per.scope";
    public static final String MEMORY_TTL_BY_CATEGORY = "memory.ttl.by.category";
    public static final String MEMORY_EXPIRY_CHECK_INTERVAL = "memory.expiry.check.interval";
    public static final String MEMORY_INDEX_CACHE_BYTES = "memory.index.cache.bytes";
    public static final String MEMORY_EMBEDDING_PROVIDER = "memory.embedding.provider";
    public static final String MEMORY_EMBEDDING_BASE_URL = "memory.embedding.base.url";
    public static final String MEMORY_EMBEDDING_MODEL = "memory.embedding.model";
    public static final String MEMORY_EMBEDDING_API_KEY = "memory.embedding.api.key";
    public static final String MEMORY_EMBEDDING_TIMEOUT = "memory.embedding.timeout";
    public static final String MEMORY_EMBEDDING_THREADS = "memory.embedding.threads";
    public static final String MEMORY_EMBEDDING_MAX_ATTEMPTS = "memory.embedding.max.attempts";
    public static final String MEMORY_EMBEDDING_MAX_PENDING = "memory.embedding.max.pending";
    public static final String MEMORY_EMBEDDING_POLL_INTERVAL = "memory.embedding.poll.interval";
    public static final String STATE_ROCKSDB_CACHE_BYTES = "state.rocksdb.cache.bytes";
    public static final String STATE_ROCKSDB_WRITE_BUFFER_BYTES = "state.rocksdb.write.buffer.bytes";
    /** Default of {@link #MEMORY_REINFORCE_THRESHOLD}, calibrated on the labelled pairs of MemoryThresholdCalibrationTest. */
    public static final double DEFAULT_REINFORCE_THRESHOLD = 0.80;

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
                    ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
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
            .define(ENRICHMENT_ENRICHER, Type.STRING, "offline", ConfigDef.ValidString.in("offline"), Importance.HIGH,
                    "Which enricher turns batches into memories; 'offline' is deterministic and needs no network.")
            // --- Memory index (issue 4) ---
            .define(TOPIC_COMMANDS, Type.STRING, "memory-commands", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input topic of MemoryCommand records (FORGET_USER, FORGET_MEMORY), key = user_id.")
            .define(TOPIC_MEMORY_INDEX, Type.STRING, "memory-index-input", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Internal topic that repartitions candidate memories and commands by memory scope, ahead of the memory index; "
                            + "give it as many partitions as the other topics.")
            .define(MEMORY_SCOPE, Type.STRING, "user", ConfigDef.ValidString.in("user", "agent_user"), Importance.HIGH,
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
            .define(MEMORY_TTL_BY_CATEGORY, Type.LIST, "plan=90d", Importance.MEDIUM,
                    "Default time to live per category, as category=duration pairs (e.g. plan=90d,other=365d), counted from the "
                            + "memory's last_seen, for memories whose enricher set no expires_at; a reinforcement keeps the later expiry.")
            .define(MEMORY_EXPIRY_CHECK_INTERVAL, Type.STRING, "1m", DurationParser.positive(), Importance.LOW,
                    "How often the index deletes memories past their expires_at (wall-clock punctuation).")
            .define(MEMORY_INDEX_CACHE_BYTES, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Heap for the index's in-memory view of recently used scopes (embeddings and decision fields, about 1.6 KB "
                            + "per memory with 384-dimension embeddings); least recently used scopes are dropped and re-read from RocksDB.")
            .define(MEMORY_EMBEDDING_PROVIDER, Type.STRING, "local", ConfigDef.ValidString.in("local", "openai", "ollama"),
                    Importance.HIGH,
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
            .define(MEMORY_EMBEDDING_THREADS, Type.INT, 1, ConfigDef.Range.between(0, 64), Importance.LOW,
                    "Threads computing embeddings off the stream thread (calls in flight for an endpoint); 0 computes them on the "
                            + "stream thread, for tests and benchmarks.")
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

    public MemstreamConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        if (batchSessionRetention().compareTo(batchIdleTimeout()) <= 0) {
            throw new org.apache.kafka.common.config.ConfigException(BATCH_SESSION_RETENTION, getString(BATCH_SESSION_RETENTION),
                    "must be longer than " + BATCH_IDLE_TIMEOUT + " (" + getString(BATCH_IDLE_TIMEOUT) + ")");
        }
        memoryTtlByCategory();
        if (getLong(STATE_ROCKSDB_WRITE_BUFFER_BYTES) >= getLong(STATE_ROCKSDB_CACHE_BYTES)) {
            throw new ConfigException(STATE_ROCKSDB_WRITE_BUFFER_BYTES, getLong(STATE_ROCKSDB_WRITE_BUFFER_BYTES),
                    "must be less than " + STATE_ROCKSDB_CACHE_BYTES + " (" + getLong(STATE_ROCKSDB_CACHE_BYTES) + "): memtables are counted in the cache");
        }
    }

    public String messagesTopic() {
        return getString(TOPIC_MESSAGES);
    }

    public String batchesTopic() {
        return getString(TOPIC_BATCHES);
    }

    public String memoriesTopic() {
        return getString(TOPIC_MEMORIES);
    }

    /** The dead-letter topic of an input topic. */
    public String deadLetterTopic(String inputTopic) {
        return inputTopic + getString(TOPIC_DLQ_SUFFIX);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public Duration batchIdleTimeout() {
        return DurationParser.parse(getString(BATCH_IDLE_TIMEOUT));
    }

    public Duration batchIdleCheckInterval() {
        return DurationParser.parse(getString(BATCH_IDLE_CHECK_INTERVAL));
    }

    public Duration batchSessionRetention() {
        return DurationParser.parse(getString(BATCH_SESSION_RETENTION));
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    // --- Memory index (issue 4) ---

    public String commandsTopic() {
        return getString(TOPIC_COMMANDS);
    }

    public String memoryIndexTopic() {
        return getString(TOPIC_MEMORY_INDEX);
    }

    public Duration memoryExpiryCheckInterval() {
        return DurationParser.parse(getString(MEMORY_EXPIRY_CHECK_INTERVAL));
    }

    public Duration memoryEmbeddingTimeout() {
        return DurationParser.parse(getString(MEMORY_EMBEDDING_TIMEOUT));
    }

    public Duration memoryEmbeddingPollInterval() {
        return DurationParser.parse(getString(MEMORY_EMBEDDING_POLL_INTERVAL));
    }

    /** {@link #MEMORY_TTL_BY_CATEGORY} as a map; a malformed pair is a {@link ConfigException} naming it. */
    public Map<String, Duration> memoryTtlByCategory() {
        Map<String, Duration> ttls = new HashMap<>();
        for (String pair : getList(MEMORY_TTL_BY_CATEGORY)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException(MEMORY_TTL_BY_CATEGORY, pair, "write category=duration pairs, e.g. plan=90d");
            }
            try {
                ttls.put(pair.substring(0, eq).trim(), DurationParser.parse(pair.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(MEMORY_TTL_BY_CATEGORY, pair, e.getMessage());
            }
        }
        return ttls;
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
        props.put(PROCESSING_GUARANTEE, getString(PROCESSING_GUARANTEE));
        props.put(STATE_DIR, getString(STATE_DIR));
        // --- Memory index (issue 4): bounded RocksDB memory for every store, unless the user brings a setter. ---
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, io.memstream.memory.BoundedRocksDbConfig.class.getName());
        props.put(STATE_ROCKSDB_CACHE_BYTES, getLong(STATE_ROCKSDB_CACHE_BYTES));
        props.put(STATE_ROCKSDB_WRITE_BUFFER_BYTES, getLong(STATE_ROCKSDB_WRITE_BUFFER_BYTES));
        return props;
    }
}
