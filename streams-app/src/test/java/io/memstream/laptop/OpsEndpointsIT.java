package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.InputFiles;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.Progress;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memstream run} in a JVM of its own, on the embedded stack, watched the way Prometheus and Kubernetes watch
 * it: through /metrics and /health/*. Then SIGTERM, as {@code kubectl delete pod} sends it: a clean, prompt stop.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class OpsEndpointsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGS = Path.of("target", "it-logs", "OpsEndpointsIT");
    private static final Pattern SERVED_AT = Pattern.compile("metrics and health: (http://\\S+)/metrics");
    private final Progress progress = new Progress(System.out);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;
    private EmbeddedStack stack;
    private Process app;

    @BeforeEach
    void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, progress);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void runServesMetricsAndHealthOfThePipelineAndStopsCleanlyOnSigterm() throws Exception {
        Map<String, Object> settings = new HashMap<>(stack.appSettings(Map.of()));
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, stack.registryHttpUrl());
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve("app-state").toString());
        settings.put(MemstreamConfig.SINK_CONNECT_URL, stack.connectUrl());
        Path configFile = workDir.resolve("app.properties");
        Files.writeString(configFile, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("app.log");
        app = AppProcess.start(configFile, log);

        String base = awaitServedAt(log);
        JsonNode ready = awaitJson(base + "/health/ready", 200, body -> true);
        assertThat(ready.path("streams_state").asText()).isEqualTo("RUNNING");
        assertThat(ready.path("restoring_stores").isArray()).isTrue();

        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        MessagePublisher.Result published;
        try (InputStream lines = InputFiles.open(null); MessagePublisher publisher = MessagePublisher.create(config)) {
            published = publisher.publish(lines, "bundled sample", true, progress::line);
        }
        new PipelineDrain(config, stack.memoriesTable()).await(published.lastOffsets(), Duration.ofMinutes(3), progress);

        JsonNode processor = awaitJson(base + "/health/processor", 200,
                body -> !body.path("last_batch_processed_time").isNull() && body.path("batches_processed").asLong() == 8);
        assertThat(processor.path("status").asText()).isEqualTo("UP");
        assertThat(processor.path("batches_closed").toString()).isEqualTo("{\"COUNT\":3,\"IDLE\":0,\"SESSION_END\":5,\"SIZE\":0}");
        assertThat(processor.path("messages_batched").asLong()).isEqualTo(95);
        assertThat(processor.path("error_count").asLong()).isZero();
        assertThat(processor.path("queue_depth").asLong()).isZero();
        assertThat(processor.path("last_batch_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(processor.has("avg_processing_time_seconds")).isTrue();

        JsonNode llm = awaitJson(base + "/health/llm", 200, body -> true);
        assertThat(llm.path("active_model").asText()).isEqualTo("offline");
        assertThat(llm.path("fallback_active").asBoolean()).isFalse();
        assertThat(llm.path("tokens").path("in").asLong()).isZero();

        JsonNode memory = awaitJson(base + "/health/memory", 200, body -> true);
        assertThat(memory.path("memories_extracted").asLong()).isPositive();
        assertThat(memory.path("avg_quality").asDouble()).isBetween(1.0, 5.0);
        assertThat(memory.path("totals").has("reinforced")).isTrue();

        // Connect commits the sink's offsets every minute; it commits past the last record, not past the commit marker
        // of the transaction that wrote it, so an idle sink lags by at most that marker on each partition.
        JsonNode sink = awaitJson(base + "/health/sink", 200,
                body -> body.path("lag").isNumber() && body.path("lag").asLong() <= EmbeddedStack.PARTITIONS);
        assertThat(sink.path("status").asText()).isEqualTo("UP");
        assertThat(sink.path("state").asText()).isEqualTo("RUNNING");
        assertThat(sink.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(sink.path("auto_restart").asBoolean()).as("run watches; Strimzi or a supervisor restarts").isFalse();

        JsonNode live = awaitJson(base + "/health", 200, body -> true);
        assertThat(live.path("status").asText()).isEqualTo("UP");
        assertThat(live.path("sink").path("status").asText()).isEqualTo("UP");
        assertThat(live.path("uptime_seconds").asLong()).isNotNegative();

        String metrics = get(base + "/metrics").body();
        Files.writeString(LOGS.resolve("metrics.txt"), metrics);
        assertThat(metrics)
                .contains("memstream_batches_closed_total{application=\"memstream\",closed_by=\"COUNT\"} 3.0")
                .contains("memstream_batches_closed_total{application=\"memstream\",closed_by=\"SESSION_END\"} 5.0")
                .contains("memstream_messages_batched_total{application=\"memstream\"} 95.0")
                .contains("memstream_batch_processing_seconds_bucket{application=\"memstream\",le=\"10.0\"} 8")
                .contains("memstream_memory_quality_bucket{application=\"memstream\",le=\"5.0\"}")
                .contains("memstream_batches_pending{application=\"memstream\"} 0.0")
                .contains("memstream_streams_running{application=\"memstream\"} 1.0")
                .contains("memstream_stores_restoring{application=\"memstream\"} 0.0")
                .contains("memstream_sink_state{application=\"memstream\",connector=\"memories-sink\"} 0.0")
                .containsPattern("memstream_sink_lag\\{application=\"memstream\",connector=\"memories-sink\"} [0-3]\\.0")
                .contains("memstream_sink_task_failures_total{application=\"memstream\",connector=\"memories-sink\"} 0.0")
                .contains("disk_free_bytes")
                .contains("memstream_batches_last_processed_timestamp_seconds{application=\"memstream\"}")
                .contains("kafka_stream_")
                .contains("kafka_consumer_")
                .contains("jvm_gc_")
                .contains("process_cpu_usage");

        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM (log: %s)", log).isTrue();
        assertThat(Files.readString(log)).contains("-> NOT_RUNNING");
    }

    private String awaitServedAt(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("app process is alive (log: %s)", log).isTrue();
            Matcher m = SERVED_AT.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app never printed where it serves metrics and health; log: " + log);
    }

    /** Polls {@code url} until it answers {@code status} with a body that satisfies {@code until}. */
    private JsonNode awaitJson(String url, int status, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = get(url);
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == status) {
                    JsonNode body = JSON.readTree(response.body());
                    if (until.test(body)) {
                        return body;
                    }
                }
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not answer " + status + " as expected; last answer: " + last);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
