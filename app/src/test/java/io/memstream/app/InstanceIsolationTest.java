package io.memstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.ops.Health;
import io.memstream.ops.HealthContributors;
import io.memstream.ops.HealthReports;
import io.memstream.ops.MetricNames;
import io.memstream.topology.TopologyFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app instances in one JVM, as the integration tests and the laptop benchmarks run them: each counts on its own
 * registry and answers health from its own contributors, so neither reports the other's work.
 */
class InstanceIsolationTest {

    @TempDir
    Path stateDir;

    /** An instance that is built (registry, stages, health) but never started: nothing here needs a broker. */
    private MemstreamApp app(String applicationId) {
        return new MemstreamApp(new MemstreamConfig(Map.of(
                MemstreamConfig.APPLICATION_ID, applicationId,
                MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://isolation-" + applicationId,
                MemstreamConfig.STATE_DIR, stateDir.resolve(applicationId).toString())));
    }

    private static HealthReports reportsOf(MemstreamApp app) {
        return new HealthReports(app.status(), app.metrics().registry(), app.health(), app.metrics().activity(),
                app.config().getString(MemstreamConfig.APPLICATION_ID), "offline", Clock.systemUTC());
    }

    private static double count(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void theStagesOfOneInstanceDoNotMoveTheCountersOfAnother() {
        try (MemstreamApp first = app("first"); MemstreamApp second = app("second")) {
            assertThat(first.metrics().meters()).isNotSameAs(second.metrics().meters());
            // Each pipeline records on the registry of its instance, as the app's own topology does.
            try (TopologyFixture firstPipeline = new TopologyFixture(Map.of(), null, first.metrics().meters());
                 TopologyFixture secondPipeline = new TopologyFixture(Map.of(), null, second.metrics().meters())) {
                firstPipeline.send(firstPipeline.message("s1", "I live in Paris."));
                firstPipeline.send(firstPipeline.message("s1", "I love sushi."));
                firstPipeline.send(firstPipeline.sessionEnd("s1"));
                secondPipeline.rawMessages.pipeInput("s2".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});
            }

            assertThat(count(first.metrics().registry(), MetricNames.MESSAGES_BATCHED)).isEqualTo(2);
            assertThat(count(second.metrics().registry(), MetricNames.MESSAGES_BATCHED)).isZero();
            assertThat(count(first.metrics().registry(), MetricNames.DEAD_LETTERS)).isZero();
            assertThat(count(second.metrics().registry(), MetricNames.DEAD_LETTERS)).isEqualTo(1);
            assertThat(first.metrics().scrape())
                    .contains("memstream_messages_batched_total{application=\"first\"} 2.0")
                    .doesNotContain("application=\"second\"")
                    .doesNotContain("memstream_dead_letters_total");
            assertThat(second.metrics().scrape())
                    .contains("memstream_dead_letters_total{application=\"second\",stage=\"DECODE\",topic=\"chat-messages\"} 1.0")
                    .doesNotContain("application=\"first\"")
                    .doesNotContain("memstream_messages_batched_total");
            // The gauges the app's own stages register: one of each instance, on its own registry.
            assertThat(first.metrics().scrape()).contains("memstream_memory_embedding_queue{application=\"first\"} 0.0");
            assertThat(second.metrics().scrape()).contains("memstream_memory_embedding_queue{application=\"second\"} 0.0");
        }
    }

    @Test
    void aHealthContributorOfOneInstanceIsNotInTheReportOfAnother() throws Exception {
        try (MemstreamApp first = app("first"); MemstreamApp second = app("second");
             AutoCloseable failedSink = first.health().register(HealthContributors.SINK,
                     () -> new Health(Health.Status.DOWN, Map.of("state", "FAILED")))) {
            assertThat(reportsOf(first).sink().status()).isEqualTo(Health.Status.DOWN);
            assertThat(reportsOf(first).liveness().details()).containsKey("sink");

            Health secondSink = reportsOf(second).sink();
            assertThat(secondSink.status()).isEqualTo(Health.Status.UP);
            assertThat(secondSink.details().get("note")).asString().contains("not watched by this process");
            assertThat(reportsOf(second).liveness().details()).doesNotContainKey("sink");
            // Each instance's memory index answers for itself, and is registered with that instance alone.
            assertThat(first.health().of(HealthContributors.MEMORY)).isPresent()
                    .isNotEqualTo(second.health().of(HealthContributors.MEMORY));
            assertThat(reportsOf(second).memory().details()).containsEntry("embedding_queue", 0L);
        }
    }
}
