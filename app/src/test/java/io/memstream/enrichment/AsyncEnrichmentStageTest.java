package io.memstream.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.errors.DeadLetters;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.internal.EnrichmentTask;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.sim.SimulatedExtraction;
import io.memstream.sim.SimulatedLlmServer.Reply;
import io.memstream.sim.SimulatedLlmServer;
import io.memstream.topology.TopologyFixture;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enrichment stage with an LLM in the chain, in a TopologyTestDriver: calls leave the stream thread, wait in the
 * queue store, and come back through the punctuation in batch order per session.
 */
class AsyncEnrichmentStageTest {

    private static final Duration POLL = Duration.ofMillis(100);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SimulatedLlmServer server;
    private final SimulatedExtraction extraction = SimulatedExtraction.deterministic(3);
    private EnrichmentService service;
    private TopologyFixture fixture;
    private TestInputTopic<String, MessageBatch> batches;
    private TestOutputTopic<String, EnhancedMemory> rejected;

    @BeforeEach
    void start() throws Exception {
        server = SimulatedLlmServer.start(request -> Reply.ok(extraction.answer(request.firstUser())));
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (service != null) {
            service.close();
        }
        server.close();
        registry.close();
    }

    /** The topology with the simulated provider first in the chain; LLM calls run on {@code executor}. */
    private void topology(Executor executor, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.ENRICHMENT_PROVIDERS, "openai");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BASE_URL), server.openAiBaseUrl());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MODEL), "sim");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_RETRIES), 0);
        settings.put(MemstreamConfig.ENRICHMENT_CACHE_MAX_ENTRIES, 0);
        settings.putAll(overrides);
        fixture = TopologyFixture.withEnrichment(settings, registry, config -> {
            service = EnrichmentService.builder(config.enrichment(), registry).executor(executor).sleeper(wait -> { }).build();
            return service;
        });
        batches = fixture.driver.createInputTopic(fixture.config.topics().batches(), new StringSerializer(),
                SpecificAvroSerde.forValues(MessageBatch.class, fixture.config.schemaRegistryUrl()));
        rejected = fixture.driver.createOutputTopic(fixture.config.topics().rejectedMemories(), new StringDeserializer(),
                SpecificAvroSerde.forValues(EnhancedMemory.class, fixture.config.schemaRegistryUrl()));
    }

    private void send(MessageBatch batch) {
        batches.pipeInput(batch.getSessionId(), batch);
    }

    private KeyValueStore<String, EnrichmentTask> queue() {
        return fixture.driver.getKeyValueStore(TopologyNames.ENRICHMENT_QUEUE_STORE);
    }

    private long queued() {
        return queue().approximateNumEntries();
    }

    private List<String> forwardedBatchIds() {
        return fixture.memories.readValuesToList().stream().map(m -> m.getBatchIds().get(0)).distinct().toList();
    }

    private static MessageBatch batch(String session, int seq) {
        return TestBatches.of(session, seq, "I live in Lyon since " + (2000 + seq) + " with my cat.");
    }

    @Test
    void theStreamThreadOnlyQueuesTheBatchAndThePunctuationForwardsTheResult() {
        ManualExecutor workers = new ManualExecutor();
        topology(workers, Map.of());
        send(batch("s1", 0));

        assertThat(workers.pending()).as("the call is handed to a worker").isEqualTo(1);
        assertThat(server.requests()).as("nothing was called on the stream thread").isZero();
        assertThat(queued()).isEqualTo(1);
        assertThat(service.status().inFlight()).isEqualTo(1);

        workers.runAll();
        assertThat(server.requests()).isEqualTo(1);
        assertThat(fixture.memories.isEmpty()).as("results leave only from the punctuation").isTrue();

        fixture.advanceWallClock(POLL);
        assertThat(forwardedBatchIds()).containsExactly("s1#0");
        assertThat(queued()).as("the entry leaves the queue with its memories").isZero();
        assertThat(service.status().waiting()).isZero();
    }

    @Test
    void resultsAreForwardedInBatchOrderPerSessionWhateverOrderTheCallsEnd() {
        ManualExecutor workers = new ManualExecutor();
        topology(workers, Map.of());
        send(batch("s1", 0));
        send(batch("s1", 1));
        send(batch("s2", 0));

        workers.run(2);
        workers.run(1);
        fixture.advanceWallClock(POLL);
        assertThat(forwardedBatchIds()).as("s1#1 waits for s1#0").containsExactly("s2#0");

        workers.run(0);
        fixture.advanceWallClock(POLL);
        assertThat(forwardedBatchIds()).containsExactly("s1#0", "s1#1");
        assertThat(queued()).isZero();
    }

    @Test
    void atMostMaxInFlightCallsRunAndTheRestWaitInTheQueueStore() {
        ManualExecutor workers = new ManualExecutor();
        topology(workers, Map.of(MemstreamConfig.ENRICHMENT_MAX_IN_FLIGHT, 2));
        for (int i = 0; i < 5; i++) {
            send(batch("s" + i, 0));
        }
        assertThat(workers.pending()).isEqualTo(2);
        assertThat(service.status().inFlight()).isEqualTo(2);
        assertThat(service.status().waiting()).isEqualTo(3);
        assertThat(registry.find(MetricNames.ENRICHMENT_QUEUE_DEPTH).tag(MetricNames.TAG_STATE, "waiting").gauge().value()).isEqualTo(3);

        workers.run(0);
        assertThat(workers.pending()).as("a worker that finishes takes the next waiting call").isEqualTo(1);
        workers.runAll();
        fixture.advanceWallClock(POLL);
        assertThat(forwardedBatchIds()).hasSize(4);
        // A task keeps at most twice max.in.flight calls submitted; the fifth batch starts from the punctuation.
        workers.runAll();
        fixture.advanceWallClock(POLL);
        assertThat(forwardedBatchIds()).hasSize(1);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(2);
        assertThat(service.status().waiting()).isZero();
    }

    @Test
    void batchesWaitDurablyWhileEveryProviderIsDownAndDrainWhenOneComesBack() {
        server.respondWith(request -> Reply.error(503, "down"));
        topology(Runnable::run, Map.of());
        send(batch("s1", 0));
        send(batch("s1", 1));
        fixture.advanceWallClock(POLL);

        assertThat(fixture.memories.isEmpty()).isTrue();
        assertThat(queued()).isEqualTo(2);
        assertThat(registry.find(MetricNames.ENRICHMENT_REQUEUED).counter().count()).isEqualTo(2);
        int callsWhileDown = server.requests();

        fixture.advanceWallClock(Duration.ofMillis(500));
        assertThat(server.requests()).as("a re-queued batch waits for its backoff").isEqualTo(callsWhileDown);

        server.respondWith(request -> Reply.ok(extraction.answer(request.firstUser())));
        fixture.advanceWallClock(Duration.ofSeconds(1));
        fixture.advanceWallClock(POLL);
        assertThat(forwardedBatchIds()).containsExactly("s1#0", "s1#1");
        assertThat(queued()).isZero();
    }

    @Test
    void withOfflineLastInTheChainBatchesFallBackToOfflineWhileProvidersAreDown() {
        server.respondWith(request -> Reply.error(503, "down"));
        topology(Runnable::run, Map.of(MemstreamConfig.ENRICHMENT_PROVIDERS, "openai,offline"));
        send(batch("s1", 0));
        fixture.advanceWallClock(POLL);

        assertThat(fixture.memories.readValuesToList()).isNotEmpty().extracting(EnhancedMemory::getModel)
                .containsOnly("offline");
        assertThat(queued()).isZero();
    }

    @Test
    void memoriesBelowTheMinimumQualityGoToTheRejectedTopicWithTheReason() {
        server.respondWith(request -> Reply.ok(extraction.answer(request.firstUser())));
        topology(Runnable::run, Map.of(MemstreamConfig.ENRICHMENT_MIN_QUALITY, 4));
        send(batch("s1", 0));
        fixture.advanceWallClock(POLL);

        assertThat(fixture.memories.isEmpty()).isTrue();
        TestRecord<String, EnhancedMemory> audit = rejected.readRecord();
        assertThat(audit.value().getQualityScore()).isEqualTo(3);
        assertThat(new String(audit.headers().lastHeader(EnrichmentProcessor.REJECTED_REASON_HEADER).value(),
                StandardCharsets.UTF_8)).contains("below enrichment.min.quality");
        assertThat(registry.find(MetricNames.MEMORIES_REJECTED).counter().count()).isEqualTo(1);
    }

    @Test
    void batchesWithNothingToRememberSkipTheLlm() {
        ManualExecutor workers = new ManualExecutor();
        topology(workers, Map.of());
        send(TestBatches.of("s1", 0, "hi!", "ok thanks", "bye 👋"));

        assertThat(workers.pending()).isZero();
        assertThat(queued()).isZero();
        assertThat(registry.find(MetricNames.ENRICHMENT_BYPASSED).counter().count()).isEqualTo(1);
    }

    @Test
    void aBatchNoProviderAnswersValidlyIsDeadLetteredInItsTurnWithWhereItCameFrom() {
        server.respondWith(request -> Reply.ok("no JSON here"));
        topology(Runnable::run, Map.of());
        send(batch("s1", 0));
        fixture.advanceWallClock(POLL);

        TestRecord<byte[], byte[]> dead = fixture.batchesDeadLetters.readRecord();
        assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("ENRICH");
        assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE)).contains("not valid JSON");
        assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("chat-batches");
        assertThat(header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("s1");
        assertThat(queued()).isZero();
    }

    @Test
    void theStreamThreadKeepsCallingTheStageWhileCallsAreOutstanding() {
        ManualExecutor workers = new ManualExecutor();
        topology(workers, Map.of());
        send(batch("s1", 0));
        for (int i = 0; i < 10; i++) {
            fixture.advanceWallClock(POLL);
        }
        assertThat(registry.find(MetricNames.ENRICHMENT_STREAM_GAP).timer().count()).isEqualTo(10);
        assertThat(workers.pending()).isEqualTo(1);
    }

    private static String header(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
