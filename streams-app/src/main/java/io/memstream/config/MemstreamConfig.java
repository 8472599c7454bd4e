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

    // Issue 5 (operations): the metrics/health HTTP server and logging.
    public static final String OPS_PORT = "ops.port";
    public static final String OPS_BIND_ADDRESS = "ops.bind.address";
    public static final String LOG_FORMAT = "log.format";
    public static final String LOG_LEVEL = "log.level";
    public static final String APP_LOG_LEVEL = "app.log.level";
    public static final String LOG_LEVELS = "log.levels";
    private static final String[] LOG_LEVEL_NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"};

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
            // Issue 5 (operations).
            .define(OPS_PORT, Type.INT, 8080, ConfigDef.Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the HTTP server for /metrics (Prometheus) and /health, /health/ready, /health/processor, "
                            + "/health/llm, /health/memory; 0 = any free port (printed at start-up), -1 = no server.")
            .define(OPS_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the metrics/health server listens on.")
            .define(LOG_FORMAT, Type.STRING, "plain", ConfigDef.ValidString.in("plain", "json"), Importance.LOW,
                    "Log lines on stderr: 'plain' text or 'json' (one JSON object a line, for log shippers).")
            .define(LOG_LEVEL, Type.STRING, "WARN", ConfigDef.CaseInsensitiveValidString.in(LOG_LEVEL_NAMES), Importance.LOW,
                    "Level of the root logger (Kafka clients, the embedded broker, Connect).")
            .define(APP_LOG_LEVEL, Type.STRING, "INFO", ConfigDef.CaseInsensitiveValidString.in(LOG_LEVEL_NAMES), Importance.LOW,
                    "Level of memstream's own loggers (io.memstream).")
            .define(LOG_LEVELS, Type.LIST, "", LogLevelsValidator.INSTANCE, Importance.LOW,
                    "Levels per logger, comma separated, e.g. 'org.apache.kafka.streams=INFO,io.memstream.enrichment=DEBUG'; "
                            + "applied after log.level and app.log.level.");

    public MemstreamConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        if (batchSessionRetention().compareTo(batchIdleTimeout()) <= 0) {
            throw new org.apache.kafka.common.config.ConfigException(BATCH_SESSION_RETENTION, getString(BATCH_SESSION_RETENTION),
                    "must be longer than " + BATCH_IDLE_TIMEOUT + " (" + getString(BATCH_IDLE_TIMEOUT) + ")");
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

    // Issue 5 (operations).

    /** Port of the metrics/health server: 0 = any free port, -1 = none. */
    public int opsPort() {
        return getInt(OPS_PORT);
    }

    public String opsBindAddress() {
        return getString(OPS_BIND_ADDRESS);
    }

    /** {@code plain} or {@code json}. */
    public String logFormat() {
        return getString(LOG_FORMAT);
    }

    public String logLevel() {
        return getString(LOG_LEVEL).toUpperCase(java.util.Locale.ROOT);
    }

    public String appLogLevel() {
        return getString(APP_LOG_LEVEL).toUpperCase(java.util.Locale.ROOT);
    }

    /** Logger name → level, in the order given. */
    public Map<String, String> logLevels() {
        Map<String, String> levels = new java.util.LinkedHashMap<>();
        for (String entry : getList(LOG_LEVELS)) {
            int eq = entry.indexOf('=');
            levels.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim().toUpperCase(java.util.Locale.ROOT));
        }
        return levels;
    }

    /** Validates {@code log.levels}: each entry {@code logger=LEVEL}. */
    private enum LogLevelsValidator implements ConfigDef.Validator {
        INSTANCE;

        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof java.util.List<?> entries)) {
                return;
            }
            for (Object entry : entries) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                String level = eq < 0 ? "" : text.substring(eq + 1).trim().toUpperCase(java.util.Locale.ROOT);
                if (eq <= 0 || !java.util.Arrays.asList(LOG_LEVEL_NAMES).contains(level)) {
                    throw new org.apache.kafka.common.config.ConfigException(name, value,
                            "each entry is logger=LEVEL with LEVEL one of " + String.join(", ", LOG_LEVEL_NAMES)
                                    + "; '" + text + "' is not");
                }
            }
        }

        @Override
        public String toString() {
            return "logger=LEVEL, ...";
        }
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
        return props;
    }
}
