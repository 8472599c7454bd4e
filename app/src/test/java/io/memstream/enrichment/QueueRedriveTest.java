package io.memstream.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.queue.QueueKeys;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.internal.EnrichmentTask;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.sim.SimulatedExtraction;
import io.memstream.sim.SimulatedLlmServer.Reply;
import io.memstream.sim.SimulatedLlmServer;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a crash or a rebalance leaves behind: batches in the queue store that were waiting or in a call. The task's
 * next start finds them and calls again, oldest first, and forwards each once.
 */
class QueueRedriveTest {

    private final String registry = "mock://redrive-" + UUID.randomUUID();
    private final SpecificAvroSerde<MessageBatch> batchSerde = SpecificAvroSerde.forValues(MessageBatch.class, registry);
    private SimulatedLlmServer server;
    private EnrichmentService service;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        SimulatedExtraction extraction = SimulatedExtraction.deterministic(3);
        server = SimulatedLlmServer.start(request -> Reply.ok(extraction.answer(request.firstUser())));
        MemstreamConfig config = new MemstreamConfig(Map.of(
                MemstreamConfig.SCHEMA_REGISTRY_URL, registry,
                MemstreamConfig.ENRICHMENT_PROVIDERS, "openai",
                MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BASE_URL), server.openAiBaseUrl()));
        service = EnrichmentService.builder(config.enrichment(), meters).executor(Runnable::run).build();
    }

    @AfterEach
    void stop() {
        service.close();
        server.close();
        MockSchemaRegistry.drop(registry.substring("mock://".length()));
    }

    /** An in-memory store of the processor's, registered with the context. */
    private <V extends org.apache.avro.specific.SpecificRecord> KeyValueStore<String, V> store(
            MockProcessorContext<Object, Object> context, String name, Class<V> type) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                SpecificAvroSerde.forValues(type, registry)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private EnrichmentTask task(MessageBatch batch, long enqueuedAt, long offset) {
        return EnrichmentTask.newBuilder()
                .setRawKey(ByteBuffer.wrap(batch.getSessionId().getBytes(StandardCharsets.UTF_8)))
                .setRawValue(ByteBuffer.wrap(batchSerde.serializer().serialize("chat-batches", batch)))
                .setTimestamp(1_000)
                .setSourceTopic("chat-batches")
                .setSourcePartition(0)
                .setSourceOffset(offset)
                .setEnqueuedAt(enqueuedAt)
                .build();
    }

    @Test
    void batchesLeftInTheQueueStoreAreCalledAgainOldestFirstAndForwardedOnce() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(5_000);
        KeyValueStore<String, EnrichmentTask> queue = store(context, TopologyNames.ENRICHMENT_QUEUE_STORE, EnrichmentTask.class);
        store(context, TopologyNames.FORGOTTEN_STORE, MemoryCommand.class);
        MessageBatch later = TestBatches.of("s1", 1, "I moved to Lyon in 2019 with my cat.");
        MessageBatch older = TestBatches.of("s2", 0, "My sister Anna plays the cello on Sundays.");
        queue.put(QueueKeys.of("s1", 1), task(later, 2_000, 7));
        queue.put(QueueKeys.of("s2", 0), task(older, 1_000, 3));

        EnrichmentProcessor processor = new EnrichmentProcessor(batchSerde.deserializer(), service,
                TopologyNames.ENRICHMENT_QUEUE_STORE, TopologyNames.FORGOTTEN_STORE, TopologyNames.MEMORY_EMBEDDER,
                TopologyNames.REJECTED_MEMORIES_SINK, TopologyNames.BATCHES_DLQ_SINK, meters);
        processor.init(context);
        assertThat(server.requests()).as("calls start when the task starts").isEqualTo(2);
        assertThat(SimulatedExtraction.transcript(server.received().get(0).firstUser()).get(0).path("text").asText())
                .as("oldest first").startsWith("My sister Anna");

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
        assertThat(context.forwarded()).extracting(CapturedForward::childName).containsOnly(java.util.Optional.of(TopologyNames.MEMORY_EMBEDDER));
        assertThat(context.forwarded()).extracting(f -> ((EnhancedMemory) f.record().value()).getBatchIds().get(0))
                .containsExactly("s2#0", "s1#1");
        assertThat(context.forwarded()).extracting(f -> f.record().timestamp()).containsOnly(1_000L);
        assertThat(queue.approximateNumEntries()).isZero();

        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(100);
        assertThat(context.forwarded()).as("forwarded once").isEmpty();
        processor.close();
    }
}
