package io.memstream.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyFixture;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offline chain with {@code enrichment.offline.threads} above 0: extraction leaves the stream thread through the
 * durable queue, as LLM calls do, and forwards what the stream thread would have forwarded itself.
 */
class OfflineEnrichmentStageTest {

    private static final Duration POLL = Duration.ofMillis(100);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyFixture fixture;
    private EnrichmentService service;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theDefaultIsOneThreadPerCoreOffTheStreamThread() {
        MemstreamConfig config = new MemstreamConfig(Map.of());
        assertThat(config.enrichment().offlineThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        try (EnrichmentService defaults = EnrichmentService.create(config.enrichment(), registry)) {
            assertThat(defaults.runsInline()).isFalse();
            assertThat(defaults.dispatcher().maxInFlight()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
        try (EnrichmentService inline = EnrichmentService.create(
                new MemstreamConfig(Map.of(MemstreamConfig.ENRICHMENT_OFFLINE_THREADS, 0)).enrichment(), registry)) {
            assertThat(inline.runsInline()).isTrue();
        }
    }

    @Test
    void extractionRunsOnAWorkerAndThePunctuationForwardsWhatTheStreamThreadWouldHave() {
        MessageBatch batch = TestBatches.of("s1", 0, "I moved to Lyon last year with my sister Ana.",
                "I'm allergic to penicillin.");
        List<EnhancedMemory> inline = memoriesOf(batch, 0, null);
        assertThat(inline).isNotEmpty();

        ManualExecutor workers = new ManualExecutor();
        start(2, workers);
        input().pipeInput(batch.getSessionId(), batch);
        assertThat(workers.pending()).as("the batch is handed to a worker").isEqualTo(1);
        assertThat(fixture.memories.isEmpty()).isTrue();
        KeyValueStore<String, ?> queue = fixture.driver.getKeyValueStore(TopologyNames.ENRICHMENT_QUEUE_STORE);
        assertThat(queue.approximateNumEntries()).as("waiting durably, like an LLM call").isEqualTo(1);

        workers.runAll();
        fixture.advanceWallClock(POLL);
        assertThat(fixture.memories.readValuesToList()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(inline);
        assertThat(queue.approximateNumEntries()).isZero();
    }

    private List<EnhancedMemory> memoriesOf(MessageBatch batch, int threads, ManualExecutor workers) {
        start(threads, workers);
        input().pipeInput(batch.getSessionId(), batch);
        List<EnhancedMemory> memories = fixture.memories.readValuesToList();
        stop();
        fixture = null;
        service = null;
        return memories;
    }

    private void start(int threads, ManualExecutor workers) {
        fixture = TopologyFixture.withEnrichment(Map.of(MemstreamConfig.ENRICHMENT_OFFLINE_THREADS, threads), registry,
                config -> {
                    EnrichmentService.Builder builder = EnrichmentService.builder(config.enrichment(), registry);
                    service = (workers == null ? builder : builder.executor(workers)).build();
                    return service;
                });
    }

    private TestInputTopic<String, MessageBatch> input() {
        return fixture.driver.createInputTopic(fixture.config.topics().batches(), new StringSerializer(),
                SpecificAvroSerde.forValues(MessageBatch.class, fixture.config.schemaRegistryUrl()));
    }
}
