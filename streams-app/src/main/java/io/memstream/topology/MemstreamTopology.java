package io.memstream.topology;

import io.memstream.batching.SessionBatcher;
import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.Enricher;
import io.memstream.enrichment.EnrichmentProcessor;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.internal.EnrichmentTask;
import io.memstream.schemas.internal.SessionState;
import io.memstream.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The one place the topology is assembled: config in, {@link Topology} out, nothing started.
 *
 * <pre>
 * chat-messages ─► session-batcher ─► chat-batches ─► enricher ─► enhanced-memories
 *                        └─► chat-messages-dlq           ├─► rejected-memories (quality below enrichment.min.quality)
 *                                                        └─► chat-batches-dlq
 * </pre>
 *
 * Batches go through their own topic rather than straight to the enricher so that they are a durable
 * log: re-enriching with a new model or prompt is a replay of chat-batches, not of the raw chat.
 */
public final class MemstreamTopology {

    private MemstreamTopology() {
    }

    /**
     * The topology for this config, with the enrichment chain it names. The enrichment service starts no thread until
     * its first LLM call; an app that runs the topology should pass its own service and close it, see
     * {@link #build(MemstreamConfig, EnrichmentService)}.
     */
    public static Topology build(MemstreamConfig config) {
        return build(config, EnrichmentService.create(config));
    }

    /** The topology with a given enricher alone, run on the stream thread (tests pass their own). */
    public static Topology build(MemstreamConfig config, Enricher enricher) {
        return build(config, EnrichmentService.builder(config).enricher(enricher).build());
    }

    /** The topology with a given enrichment service, shared by every task of the app. */
    public static Topology build(MemstreamConfig config, EnrichmentService enrichment) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        SpecificAvroSerde<ChatMessage> messages = serde(ChatMessage.class, serdeConfig);
        SpecificAvroSerde<MessageBatch> batches = serde(MessageBatch.class, serdeConfig);
        SpecificAvroSerde<EnhancedMemory> memories = serde(EnhancedMemory.class, serdeConfig);
        SpecificAvroSerde<SessionState> sessionStates = serde(SessionState.class, serdeConfig);

        Topology topology = new Topology();
        topology.addSource(TopologyNames.MESSAGES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.messagesTopic());
        topology.addProcessor(TopologyNames.SESSION_BATCHER,
                () -> new SessionBatcher(messages, config.batchSize(), config.batchIdleTimeout(),
                        config.batchIdleCheckInterval(), config.batchSessionRetention()),
                TopologyNames.MESSAGES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SESSIONS_STORE), Serdes.String(), sessionStates),
                TopologyNames.SESSION_BATCHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SEEN_MESSAGES_STORE), Serdes.String(), Serdes.Long()),
                TopologyNames.SESSION_BATCHER);
        topology.addSink(TopologyNames.BATCHES_SINK, config.batchesTopic(), new StringSerializer(), batches,
                TopologyNames.SESSION_BATCHER);
        topology.addSink(TopologyNames.MESSAGES_DLQ_SINK, config.deadLetterTopic(config.messagesTopic()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.SESSION_BATCHER);

        topology.addSource(TopologyNames.BATCHES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.batchesTopic());
        topology.addProcessor(TopologyNames.ENRICHER, () -> new EnrichmentProcessor(batches, enrichment),
                TopologyNames.BATCHES_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.ENRICHMENT_QUEUE_STORE), Serdes.String(),
                serde(EnrichmentTask.class, serdeConfig)), TopologyNames.ENRICHER);
        topology.addSink(TopologyNames.MEMORIES_SINK, config.memoriesTopic(), new StringSerializer(), memories,
                TopologyNames.ENRICHER);
        topology.addSink(TopologyNames.REJECTED_MEMORIES_SINK, config.rejectedMemoriesTopic(), new StringSerializer(),
                memories, TopologyNames.ENRICHER);
        topology.addSink(TopologyNames.BATCHES_DLQ_SINK, config.deadLetterTopic(config.batchesTopic()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.ENRICHER);
        return topology;
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, Map<String, Object> config) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }
}
