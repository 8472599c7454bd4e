package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.topology.TopologyFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthReportsTest {

    private static final Instant NOW = Instant.parse("2026-03-05T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamsStatus streams = new StreamsStatus();
    private final HealthContributors contributors = new HealthContributors();
    private final ActivityTracker activity = new ActivityTracker(registry, Clock.fixed(NOW, ZoneOffset.UTC));
    private final HealthReports reports = new HealthReports(streams, registry, contributors, activity, "memstream",
            "offline", Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void record() {
        registry.config().meterFilter(OpsMetrics.histograms());
    }

    @AfterEach
    void stopRecording() {
        registry.close();
    }

    /** The real topology, its stages recording on this test's registry. */
    private TopologyFixture pipeline() {
        return new TopologyFixture(Map.of(), null, registry);
    }

    @Test
    void readyOnlyWhenRunningAndEveryStoreRestored() {
        assertThat(reports.readiness().status()).isEqualTo(Health.Status.DOWN);
        var restore = streams.restoreListener();
        TopicPartition changelog = new TopicPartition("memstream-batcher-sessions-changelog", 2);
        restore.onRestoreStart(changelog, "batcher-sessions", 0, 100);
        streams.onStateChange(KafkaStreams.State.RUNNING);
        restore.onBatchRestored(changelog, "batcher-sessions", 40, 40);

        Health restoring = reports.readiness();
        assertThat(restoring.status()).isEqualTo(Health.Status.DOWN);
        assertThat(restoring.details().get("reason")).asString().contains("1 state store partition(s) still restoring");
        assertThat(restoring.details().get("restoring_stores")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement()
                .isEqualTo(Map.of("store", "batcher-sessions", "partition", 2, "restored", 40L, "total", 100L));

        restore.onRestoreEnd(changelog, "batcher-sessions", 100);
        assertThat(reports.readiness().status()).isEqualTo(Health.Status.UP);
        streams.onStateChange(KafkaStreams.State.REBALANCING);
        assertThat(reports.readiness().status()).isEqualTo(Health.Status.DOWN);
    }

    @Test
    void aliveWhileStartingOrRebalancingDownOnceTheClientFailed() {
        assertThat(reports.liveness().status()).isEqualTo(Health.Status.UP);
        streams.onStateChange(KafkaStreams.State.REBALANCING);
        assertThat(reports.liveness().status()).isEqualTo(Health.Status.UP);
        streams.onStateChange(KafkaStreams.State.ERROR);
        Health dead = reports.liveness();
        assertThat(dead.status()).isEqualTo(Health.Status.DOWN);
        assertThat(dead.details()).containsEntry("streams_state", "ERROR").containsEntry("application_id", "memstream");
    }

    @Test
    void processorReportsBatchesErrorsAndLastBatchTimeOfThePipeline() {
        streams.onStateChange(KafkaStreams.State.RUNNING);
        try (TopologyFixture fixture = pipeline()) {
            for (int i = 0; i < 20; i++) {
                fixture.send(fixture.message("s1", "I live in Paris, message " + i));
            }
            fixture.send(fixture.message("s2", "hello"));
            fixture.send(fixture.sessionEnd("s2"));
            fixture.rawMessages.pipeInput("s3".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});
        }
        activity.sample();

        Health health = reports.processor();
        assertThat(health.status()).isEqualTo(Health.Status.UP);
        assertThat(health.details())
                .containsEntry("batches_closed", Map.of("COUNT", 1L, "IDLE", 0L, "SESSION_END", 1L, "SIZE", 0L))
                .containsEntry("batches_processed", 2L)
                .containsEntry("messages_batched", 21L)
                .containsEntry("error_count", 1L)
                .containsEntry("errors_by_stage", Map.of("DECODE", 1L))
                .containsEntry("last_batch_time", NOW.toString())
                .containsEntry("last_batch_processed_time", NOW.toString())
                .containsEntry("queue_depth", 0L)
                .containsKey("avg_processing_time_seconds");
    }

    @Test
    void processorIsDegradedWhenMoreThanTenBatchesAreQueued() {
        streams.onStateChange(KafkaStreams.State.RUNNING);
        // A registry of its own: these gauges stand in for the enrichment stage's and the consumer's.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HealthReports reports = new HealthReports(streams, registry, contributors, activity, "memstream", "offline",
                Clock.fixed(NOW, ZoneOffset.UTC));
        AtomicInteger pending = new AtomicInteger(4);
        Gauge.builder(MetricNames.BATCHES_PENDING, pending, AtomicInteger::get).register(registry);
        Gauge.builder(MetricNames.ENRICHMENT_QUEUE_DEPTH, () -> 5).tag(MetricNames.TAG_STATE, "waiting").register(registry);
        Gauge.builder(MetricNames.ENRICHMENT_QUEUE_DEPTH, () -> 2).tag(MetricNames.TAG_STATE, "in_flight").register(registry);

        Health health = reports.processor();
        assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(health.details()).containsEntry("queue_depth", 11L)
                .containsEntry("queue", Map.of("pending", 4L, "waiting", 5L, "in_flight", 2L));
        pending.set(3);
        assertThat(reports.processor().status()).isEqualTo(Health.Status.UP);
    }

    @Test
    void llmOfTheOfflineEnricherNamesItAndMakesNoCalls() {
        Health health = reports.llm();
        assertThat(health.status()).isEqualTo(Health.Status.UP);
        assertThat(health.details())
                .containsEntry("active_model", "offline")
                .containsEntry("fallback_active", false)
                .containsEntry("llm_calls", 0L)
                .containsEntry("tokens", Map.of("in", 0L, "out", 0L))
                .containsEntry("estimated_cost_usd", 0.0);
        assertThat(health.details().get("note")).asString().contains("no LLM calls");
    }

    @Test
    void llmReportsProvidersTokensCostCacheAndFallbackFromTheirMeters() {
        Timer.builder(MetricNames.LLM_LATENCY).tags(MetricNames.TAG_PROVIDER, "openai", MetricNames.TAG_MODEL, "gpt-4o-mini",
                MetricNames.TAG_OUTCOME, "success").register(registry).record(Duration.ofSeconds(2));
        Timer timeouts = Timer.builder(MetricNames.LLM_LATENCY).tags(MetricNames.TAG_PROVIDER, "openai",
                MetricNames.TAG_MODEL, "gpt-4o-mini", MetricNames.TAG_OUTCOME, "timeout").register(registry);
        timeouts.record(Duration.ofSeconds(30));
        Gauge.builder(MetricNames.LLM_CIRCUIT_STATE, () -> 2).tag(MetricNames.TAG_PROVIDER, "openai").register(registry);
        Gauge.builder(MetricNames.LLM_ACTIVE, () -> 0).tags(MetricNames.TAG_PROVIDER, "openai", MetricNames.TAG_MODEL, "gpt-4o-mini").register(registry);
        Gauge.builder(MetricNames.LLM_ACTIVE, () -> 1).tags(MetricNames.TAG_PROVIDER, "ollama", MetricNames.TAG_MODEL, "qwen2.5:3b").register(registry);
        Counter.builder(MetricNames.LLM_TOKENS).tag(MetricNames.TAG_DIRECTION, "in").register(registry).increment(1200);
        Counter.builder(MetricNames.LLM_TOKENS).tag(MetricNames.TAG_DIRECTION, "out").register(registry).increment(400);
        Counter.builder(MetricNames.LLM_COST).register(registry).increment(0.0042);
        Counter.builder(MetricNames.LLM_CACHE_REQUESTS).tag(MetricNames.TAG_RESULT, "hit").register(registry).increment(1);
        Counter.builder(MetricNames.LLM_CACHE_REQUESTS).tag(MetricNames.TAG_RESULT, "miss").register(registry).increment(3);
        Counter.builder(MetricNames.LLM_FALLBACK_ACTIVATIONS).tags(MetricNames.TAG_PROVIDER, "openai", MetricNames.TAG_REASON, "unavailable")
                .register(registry).increment();

        Health health = reportsOf("openai,ollama").llm();
        assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(health.details())
                .containsEntry("active_provider", "ollama")
                .containsEntry("active_model", "qwen2.5:3b")
                .containsEntry("fallback", "ollama")
                .containsEntry("fallback_active", true)
                .containsEntry("fallback_activations", 1L)
                .containsEntry("llm_calls", 2L)
                .containsEntry("timeout_rate", 0.5)
                .containsEntry("tokens", Map.of("in", 1200L, "out", 400L))
                .containsEntry("estimated_cost_usd", 0.004)
                .doesNotContainKey("note");
        assertThat(health.details().get("cache")).isEqualTo(Map.of("hits", 1L, "misses", 3L, "hit_ratio", 0.25));
        assertThat(health.details().get("providers")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("openai").isEqualTo(Map.of("model", "gpt-4o-mini", "calls", 2L, "errors", 0L, "timeouts", 1L,
                        "circuit_state", "open", "avg_latency_seconds", 16.0, "timeout_rate", 0.5));
    }

    @Test
    void llmWithASingleProviderSaysNoFallbackIsConfiguredAndCountsNoActivations() {
        Gauge.builder(MetricNames.LLM_CIRCUIT_STATE, () -> 2).tag(MetricNames.TAG_PROVIDER, "openai").register(registry);
        Gauge.builder(MetricNames.LLM_ACTIVE, () -> 1).tags(MetricNames.TAG_PROVIDER, "openai", MetricNames.TAG_MODEL, "gpt-4o-mini").register(registry);
        Counter.builder(MetricNames.LLM_FALLBACK_ACTIVATIONS).tags(MetricNames.TAG_PROVIDER, "openai", MetricNames.TAG_REASON, "server_error")
                .register(registry).increment(1437);

        Health health = reportsOf("openai").llm();

        assertThat(health.status()).as("batches wait while the only provider is down").isEqualTo(Health.Status.DEGRADED);
        assertThat(health.details())
                .containsEntry("fallback", "none configured")
                .containsEntry("fallback_active", false)
                .doesNotContainKey("fallback_activations");
    }

    private HealthReports reportsOf(String chain) {
        return new HealthReports(streams, registry, contributors, activity, "memstream", chain,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void memoryReportsQualityDistributionAndWhatTheIndexDid() {
        try (TopologyFixture fixture = pipeline()) {
            fixture.send(fixture.message("s1", "My sister Anna is visiting next Friday."));
            fixture.send(fixture.message("s1", "I live in Paris."));
            fixture.send(fixture.sessionEnd("s1"));
        }
        Health health = reports.memory();
        assertThat(health.details().get("index")).isEqualTo("memory-index");
        assertThat(health.details()).containsEntry("memories_extracted", 2L);
        assertThat(health.details().get("avg_quality")).isNotNull();
        assertThat(((Map<?, ?>) health.details().get("quality_distribution")).values().stream()
                .mapToLong(v -> (Long) v).sum()).isEqualTo(2L);
        assertThat(health.details().get("totals")).isEqualTo(Map.of("created", 2L, "reinforced", 0L, "superseded", 0L,
                "expired", 0L, "forgotten", 0L, "evicted", 0L, "duplicate", 0L, "rejected", 0L));

        Counter.builder(MetricNames.MEMORIES_REJECTED).register(registry).increment(1);
        assertThat(reports.memory().details()).containsEntry("reject_rate", 0.333);
    }

    @Test
    void aRegisteredContributorAddsItsFieldsAndCanOnlyWorsenTheStatus() throws Exception {
        try (AutoCloseable registration = contributors.register(HealthContributors.MEMORY,
                () -> new Health(Health.Status.DEGRADED, Map.of("total_memories", 42, "oldest_memory", "2026-02-01T00:00:00Z")))) {
            Health health = reports.memory();
            assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(health.details()).containsEntry("total_memories", 42).containsKey("totals");
        }
        try (AutoCloseable registration = contributors.register(HealthContributors.LLM,
                () -> Health.up(Map.of("active_model", "claude-haiku")))) {
            streams.onStateChange(KafkaStreams.State.RUNNING);
            Gauge.builder(MetricNames.LLM_CIRCUIT_STATE, () -> 2).tag(MetricNames.TAG_PROVIDER, "anthropic").register(registry);
            Health health = reports.llm();
            assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(health.details()).containsEntry("active_model", "claude-haiku");
        }
        assertThat(reports.memory().status()).isEqualTo(Health.Status.UP);
    }

    @Test
    void aFailedSinkMakesLivenessDegradedButNeverDown() throws Exception {
        streams.onStateChange(KafkaStreams.State.RUNNING);
        assertThat(reports.liveness().details()).doesNotContainKey("sink");
        assertThat(reports.sink().status()).isEqualTo(Health.Status.UP);
        assertThat(reports.sink().details().get("note")).asString().contains("sink.connect.url");

        try (AutoCloseable registration = contributors.register(HealthContributors.SINK,
                () -> new Health(Health.Status.DOWN, Map.of("state", "RUNNING", "restarts", 1L)))) {
            Health live = reports.liveness();
            assertThat(live.status()).as("restarting memstream would not heal the sink").isEqualTo(Health.Status.DEGRADED);
            assertThat(live.details().get("sink")).isEqualTo(Map.of("status", "DOWN", "state", "RUNNING", "restarts", 1L));
            assertThat(reports.sink().status()).isEqualTo(Health.Status.DOWN);
        }
        assertThat(reports.liveness().status()).isEqualTo(Health.Status.UP);
    }
}
