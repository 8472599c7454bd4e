package io.memstream.topology;

import io.memstream.batching.MessageValidator;
import io.memstream.batching.SessionBatcher;
import io.memstream.config.BatchingSettings;
import io.memstream.config.MemorySettings;
import io.memstream.config.MemstreamConfig;
import io.memstream.config.Topics;
import io.memstream.enrichment.EnrichmentProcessor;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.memory.ForgetRegister;
import io.memstream.memory.ForgottenStoreUpdater;
import io.memstream.memory.MemoryCommandRouter;
import io.memstream.memory.MemoryDecider;
import io.memstream.memory.MemoryEmbedder;
import io.memstream.memory.MemoryIndexProcessor;
import io.memstream.memory.MemoryScope;
import io.memstream.memory.MemoryServices;
import io.memstream.memory.RetentionPolicy;
import io.memstream.memory.ScopePartitioner;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.internal.EnrichmentTask;
import io.memstream.schemas.internal.MemoryIndexInput;
import io.memstream.schemas.internal.PendingEmbedding;
import io.memstream.schemas.internal.SessionState;
import io.memstream.serde.AvroWireFormat;
import io.memstream.serde.SchemaRegistries;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.text.StorableRecordSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The one place the topology is assembled: config in, {@link Topology} out, nothing started.
 *
 * <pre>
 * chat-messages ─► chat-message-validator ─► chat-messages-by-session-repartition ─► session-batcher ─► chat-batches
 *                        └─► chat-messages-dlq        (internal, by session_id)                          │
 *   ┌────────────────────────────────────────────────────────────────────────────────────────────────────┘
 *   ▼
 * enricher ─► memory-embedder ─► memory-index-input ───────────────┐
 *   ├─► rejected-memories         (by memory scope)                │
 *   └─► chat-batches-dlq                                           │
 * memory-commands ─► memory-command-router ─► memory-index-input ──┤
 *                        ├─► memory-commands-dlq                   │
 *                        └─► memory-forgotten (compacted) ─► global store memory-forgotten, read by the
 *                                                            enricher, the router and the memory index
 *                                                                  ▼
 *               enhanced-memories ◄─ memory-index ─► memory-index-input-dlq
 * </pre>
 *
 * Batches go through their own topic rather than straight to the enricher so that they are a durable
 * log: re-enriching with a new model or prompt is a replay of chat-batches, not of the raw chat.
 */
public final class MemstreamTopology {

    private MemstreamTopology() {
    }

    /**
     * The topology: the config names topics, limits and rules, the services do the stages' work, and every stage
     * records on {@code registry}, the one of the app instance that runs it. Nothing is started here; whoever builds
     * the services owns them and closes them (the app, or a test).
     */
    public static Topology build(MemstreamConfig config, EnrichmentService enrichment, MemoryServices memory,
                                 MeterRegistry registry) {
        Topics topics = config.topics();
        Map<String, Object> serdeConfig = config.serdeConfig();
        SpecificAvroSerde<ChatMessage> messages = serde(ChatMessage.class, serdeConfig);
        SpecificAvroSerde<MessageBatch> batches = serde(MessageBatch.class, serdeConfig);
        SpecificAvroSerde<EnhancedMemory> memories = serde(EnhancedMemory.class, serdeConfig);
        SpecificAvroSerde<SessionState> sessionStates = serde(SessionState.class, serdeConfig);

        Topology topology = batching(config, messages, batches, sessionStates, registry);
        topology.addSource(TopologyNames.BATCHES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.batches());
        topology.addProcessor(TopologyNames.ENRICHER, () -> new EnrichmentProcessor(batches, enrichment, TopologyNames.ENRICHMENT_QUEUE_STORE,
                        TopologyNames.FORGOTTEN_STORE, TopologyNames.MEMORY_EMBEDDER, TopologyNames.REJECTED_MEMORIES_SINK, TopologyNames.BATCHES_DLQ_SINK,
                        registry),
                TopologyNames.BATCHES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.ENRICHMENT_QUEUE_STORE), Serdes.String(),
                serde(EnrichmentTask.class, serdeConfig)), TopologyNames.ENRICHER);
        topology.addSink(TopologyNames.REJECTED_MEMORIES_SINK, topics.rejectedMemories(), new StringSerializer(),
                new StorableRecordSerializer<>(memories, registry), TopologyNames.ENRICHER);
        topology.addSink(TopologyNames.BATCHES_DLQ_SINK, topics.deadLetterOf(topics.batches()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.ENRICHER);
        addMemoryIndex(topology, config, memory, memories, registry);
        addForgotten(topology, config);
        return topology;
    }

    /**
     * The two sub-topologies that cut batches, built with the DSL because only the DSL declares an internal
     * repartition topic: Kafka Streams creates it with chat-messages' partition count, purges what was consumed, and
     * the reset tool deletes it. Validation comes first so that bad bytes are dead-lettered with their source
     * partition and offset and never reach the repartition; the batcher then sees every message of a session in one
     * task, whichever partitioner the producer used.
     */
    /** The batching sub-topologies alone, for measuring them apart from enrichment. */
    static Topology batching(MemstreamConfig config, MeterRegistry registry) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        return batching(config, serde(ChatMessage.class, serdeConfig), serde(MessageBatch.class, serdeConfig),
                serde(SessionState.class, serdeConfig), registry);
    }

    private static Topology batching(MemstreamConfig config, SpecificAvroSerde<ChatMessage> messages,
                                     SpecificAvroSerde<MessageBatch> batches,
                                     SpecificAvroSerde<SessionState> sessionStates, MeterRegistry registry) {
        Topics topics = config.topics();
        BatchingSettings batching = config.batching();
        AvroWireFormat wireFormat = new AvroWireFormat(SchemaRegistries.fromConfig(config.serdeConfig()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SESSIONS_STORE), Serdes.String(), sessionStates));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SEEN_MESSAGES_STORE), Serdes.String(), Serdes.Long()));
        builder.stream(topics.messages(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(TopologyNames.MESSAGES_SOURCE))
                .process(() -> new MessageValidator(messages, wireFormat, batching.messageMaxBytes(),
                                TopologyNames.MESSAGES_BY_SESSION_ENTRY, TopologyNames.MESSAGES_DLQ_SINK, registry),
                        Named.as(TopologyNames.MESSAGE_VALIDATOR))
                .repartition(Repartitioned.<String, byte[]>as(TopologyNames.MESSAGES_BY_SESSION)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
                .process(() -> new SessionBatcher(messages, batching.size(), batching.maxBytes(),
                                batching.idleTimeout(), batching.idleCheckInterval(), batching.sessionRetention(),
                                TopologyNames.SESSIONS_STORE, TopologyNames.SEEN_MESSAGES_STORE, TopologyNames.BATCHES_SINK,
                                TopologyNames.BATCHER_DLQ_SINK, registry),
                        Named.as(TopologyNames.SESSION_BATCHER),
                        TopologyNames.SESSIONS_STORE, TopologyNames.SEEN_MESSAGES_STORE)
                .to(topics.batches(), Produced.with(Serdes.String(), batches).withName(TopologyNames.BATCHES_SINK));
        Topology topology = builder.build();
        topology.addSink(TopologyNames.MESSAGES_DLQ_SINK, topics.deadLetterOf(topics.messages()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.MESSAGE_VALIDATOR);
        topology.addSink(TopologyNames.BATCHER_DLQ_SINK, topics.deadLetterOf(topics.messages()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.SESSION_BATCHER);
        return topology;
    }

    /**
     * Memory index: the enricher's memories are embedded, repartitioned by memory scope together with the
     * memory-commands, and indexed; the index writes the memory-state changelog to enhanced-memories.
     */
    private static void addMemoryIndex(Topology topology, MemstreamConfig config, MemoryServices memory,
                                       SpecificAvroSerde<EnhancedMemory> memories, MeterRegistry registry) {
        Topics topics = config.topics();
        MemorySettings settings = config.memory();
        Map<String, Object> serdeConfig = config.serdeConfig();
        SpecificAvroSerde<MemoryIndexInput> indexInputs = serde(MemoryIndexInput.class, serdeConfig);
        SpecificAvroSerde<MemoryCommand> commands = serde(MemoryCommand.class, serdeConfig);
        SpecificAvroSerde<PendingEmbedding> pending = serde(PendingEmbedding.class, serdeConfig);
        MemoryScope scope = MemoryScope.of(settings.scope());
        ScopePartitioner byScope = new ScopePartitioner(scope);

        topology.addProcessor(TopologyNames.MEMORY_EMBEDDER,
                () -> new MemoryEmbedder(memory, scope,
                        settings.embedding().maxAttempts(), settings.embedding().maxPending(),
                        settings.embedding().pollInterval(), memories, TopologyNames.EMBEDDING_QUEUE_STORE,
                        TopologyNames.MEMORY_CANDIDATES_SINK, TopologyNames.MEMORY_EMBEDDER_DLQ_SINK, registry),
                TopologyNames.ENRICHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.EMBEDDING_QUEUE_STORE), Serdes.String(), pending),
                TopologyNames.MEMORY_EMBEDDER);
        topology.addSink(TopologyNames.MEMORY_CANDIDATES_SINK, topics.memoryIndex(), new StringSerializer(),
                indexInputs, byScope, TopologyNames.MEMORY_EMBEDDER);
        // A memory the index cannot key (an id holding a key separator) goes to the batches' dead-letter topic.
        topology.addSink(TopologyNames.MEMORY_EMBEDDER_DLQ_SINK, topics.deadLetterOf(topics.batches()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.MEMORY_EMBEDDER);

        topology.addSource(TopologyNames.COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.commands());
        topology.addProcessor(TopologyNames.COMMAND_ROUTER, () -> new MemoryCommandRouter(commands, TopologyNames.FORGOTTEN_STORE,
                        TopologyNames.MEMORY_COMMANDS_SINK, TopologyNames.FORGOTTEN_SINK, TopologyNames.COMMANDS_DLQ_SINK,
                        registry),
                TopologyNames.COMMANDS_SOURCE);
        topology.addSink(TopologyNames.MEMORY_COMMANDS_SINK, topics.memoryIndex(), new StringSerializer(),
                indexInputs, byScope, TopologyNames.COMMAND_ROUTER);
        topology.addSink(TopologyNames.COMMANDS_DLQ_SINK, topics.deadLetterOf(topics.commands()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.COMMAND_ROUTER);
        topology.addSink(TopologyNames.FORGOTTEN_SINK, topics.forgotten(), new StringSerializer(), commands,
                TopologyNames.COMMAND_ROUTER);

        topology.addSource(TopologyNames.MEMORY_INDEX_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.memoryIndex());
        topology.addProcessor(TopologyNames.MEMORY_INDEX,
                () -> new MemoryIndexProcessor(indexInputs, scope,
                        new MemoryDecider(settings.reinforceThreshold(), settings.judgeBand(), memory.judge()),
                        new RetentionPolicy(settings.retentionByCategory()), settings.maxPerScope(),
                        settings.indexCacheBytes(), TopologyNames.MEMORIES_STORE,
                        TopologyNames.EXPIRY_STORE,
                        new ForgetRegister.Stores(TopologyNames.FORGOTTEN_STORE, TopologyNames.INDEX_FORGOTTEN_STORE),
                        TopologyNames.MEMORIES_SINK, TopologyNames.MEMORY_INDEX_DLQ_SINK, registry),
                TopologyNames.MEMORY_INDEX_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.MEMORIES_STORE), Serdes.String(), memories),
                TopologyNames.MEMORY_INDEX);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.EXPIRY_STORE), Serdes.String(), Serdes.String()),
                TopologyNames.MEMORY_INDEX);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.INDEX_FORGOTTEN_STORE), Serdes.String(), Serdes.Long()),
                TopologyNames.MEMORY_INDEX);
        topology.addSink(TopologyNames.MEMORIES_SINK, topics.memories(), new StringSerializer(),
                new StorableRecordSerializer<>(memories, registry), TopologyNames.MEMORY_INDEX);
        topology.addSink(TopologyNames.MEMORY_INDEX_DLQ_SINK, topics.deadLetterOf(topics.memoryIndex()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.MEMORY_INDEX);
    }

    /**
     * The global store of forget commands, read from the compacted forgotten topic on every instance, for the
     * enricher (no LLM call for forgotten chat), the command router and the memory index ({@code ForgetRegister}).
     */
    private static void addForgotten(Topology topology, MemstreamConfig config) {
        Topics topics = config.topics();
        SpecificAvroSerde<MemoryCommand> commands = serde(MemoryCommand.class, config.serdeConfig());
        topology.addGlobalStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TopologyNames.FORGOTTEN_STORE), Serdes.String(), commands)
                        .withLoggingDisabled(),
                TopologyNames.FORGOTTEN_SOURCE, new StringDeserializer(), commands, topics.forgotten(),
                TopologyNames.FORGOTTEN_UPDATER, () -> new ForgottenStoreUpdater(TopologyNames.FORGOTTEN_STORE));
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, Map<String, Object> config) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }
}
