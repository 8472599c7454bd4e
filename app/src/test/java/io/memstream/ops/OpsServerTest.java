package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.topology.TopologyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side on a loopback port: status codes, content types, and what /metrics renders. */
class OpsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final StreamsStatus streams = new StreamsStatus();
    private OpsMetrics metrics;
    private OpsServer server;

    @BeforeEach
    void start() {
        metrics = new OpsMetrics("memstream-test");
        HealthReports health = new HealthReports(streams, metrics.registry(), new HealthContributors(),
                metrics.activity(), "memstream-test", "offline", Clock.systemUTC());
        server = OpsServer.start("127.0.0.1", 0, metrics, health);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsRendersMemstreamMetersInPrometheusFormWithHistogramBuckets() throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(Map.of(), null, metrics.meters())) {
            fixture.send(fixture.message("s1", "I live in Paris."));
            fixture.send(fixture.sessionEnd("s1"));
        }
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body())
                .contains("memstream_batches_closed_total{application=\"memstream-test\",closed_by=\"SESSION_END\"} 1.0")
                .contains("memstream_messages_batched_total{application=\"memstream-test\"} 1.0")
                .contains("memstream_batch_processing_seconds_bucket{application=\"memstream-test\",le=\"5.0\"} 1")
                .contains("memstream_batch_processing_seconds_bucket{application=\"memstream-test\",le=\"15.0\"} 1")
                .contains("memstream_memory_quality_bucket{application=\"memstream-test\",le=\"5.0\"} 1")
                .contains("memstream_memories_extracted_total{application=\"memstream-test\",model=\"offline\"} 1.0")
                .contains("memstream_batches_last_closed_timestamp_seconds")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage")
                .contains("process_uptime_seconds");
    }

    @Test
    void healthAnswers200WhenUpAnd503WhenDownWithTheStatusInTheBody() throws Exception {
        HttpResponse<String> notReady = get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(notReady.body()).path("status").asText()).isEqualTo("DOWN");

        streams.onStateChange(KafkaStreams.State.RUNNING);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).contains("application/json");

        HttpResponse<String> live = get("/health");
        JsonNode body = JSON.readTree(live.body());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("streams_state").asText()).isEqualTo("RUNNING");
        for (String component : new String[] {"/health/processor", "/health/llm", "/health/memory"}) {
            assertThat(get(component).statusCode()).as(component).isEqualTo(200);
        }

        streams.onStateChange(KafkaStreams.State.ERROR);
        assertThat(get("/health").statusCode()).isEqualTo(503);
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/health/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void aBusyPortFailsWithTheAddressAndTheSettingToChange() {
        HealthReports health = new HealthReports(streams, metrics.registry(), new HealthContributors(), metrics.activity(),
                "x", "offline", Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.start("127.0.0.1", server.port(), metrics, health))
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining("MEMSTREAM_OPS_PORT");
    }
}
