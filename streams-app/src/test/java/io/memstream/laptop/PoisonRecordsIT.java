package io.memstream.laptop;

import static io.memstream.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.connect.MemoriesSink;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.errors.DeadLetters;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.Progress;
import io.memstream.feed.TopicReader;
import io.memstream.schemas.MessageBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison records against the real stack (KRaft broker, PostgreSQL, Connect with the Debezium JDBC sink, the streams
 * app): a NUL in a message, a session of twenty 150 KB messages, a message of another user, and input lines that are
 * not UTF-8 or too long. None of them may stop the app or the sink, and a session published after them must still
 * reach PostgreSQL.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class PoisonRecordsIT {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Progress progress = new Progress(System.out);

    @TempDir
    Path workDir;

    private static String line(String messageId, String sessionId, String userId, String jsonContent, int minute) {
        return String.format("{\"message_id\":\"%s\",\"session_id\":\"%s\",\"user_id\":\"%s\",\"role\":\"user\","
                + "\"content\":\"%s\",\"timestamp\":\"2026-03-05T09:%02d:00Z\"}", messageId, sessionId, userId, jsonContent, minute);
    }

    /** The input, as bytes: one line is not UTF-8. */
    private static byte[] input() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        java.util.function.Consumer<String> add = l -> in.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8));
        // The user's report: valid JSON, a NUL PostgreSQL cannot store.
        add.accept(line("n1", "s-nul", "alice", "I live in Par\\u0000is.", 0));
        add.accept(line("n2", "s-nul", "mallory", "I live in Berlin.", 1));
        in.writeBytes(line("n3", "s-nul", "alice", "caf\u00e9", 2).getBytes(StandardCharsets.ISO_8859_1));
        in.write('\n');
        add.accept(line("too-long", "s-nul", "alice", "x".repeat(1_500_000), 3));
        String paragraph = "We talked about the weather and the trains for a long while. ".repeat(150 * 1024 / 62);
        for (int i = 0; i < 20; i++) {
            add.accept(line("b" + i, "s-big", "bob", paragraph, 10 + i));
        }
        add.accept(line("c1", "s-later", "carol", "I work at Acme.", 40));
        return in.toByteArray();
    }

    private static JsonNode sinkStatus(EmbeddedStack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.connectUrl() + "/connectors/" + MemoriesSink.connectorName() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Test
    void noPoisonRecordStopsTheAppOrTheSinkAndLaterMemoriesStillArrive() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir, progress);
             MemstreamApp app = new MemstreamApp(new MemstreamConfig(stack.appSettings(Map.of()))).start()) {
            MemstreamConfig config = app.config();
            app.awaitRunning(Duration.ofMinutes(2));
            MessagePublisher.Result published;
            try (MessagePublisher publisher = MessagePublisher.create(config)) {
                published = publisher.publish(new ByteArrayInputStream(input()), "poison.jsonl", true, progress::line);
            }
            assertThat(published.errors()).extracting(MessagePublisher.LineError::lineNumber).containsExactly(3L, 4L);
            assertThat(published.messages()).isEqualTo(23);

            PipelineDrain.Outcome outcome = new PipelineDrain(config, stack.memoriesTable())
                    .await(published.lastOffsets(), DRAIN_TIMEOUT, progress);

            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            JsonNode sink = sinkStatus(stack);
            assertThat(sink.path("connector").path("state").asText()).isEqualTo("RUNNING");
            assertThat(sink.path("tasks")).isNotEmpty().allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("RUNNING"));

            assertThat(outcome.rows()).anySatisfy(row -> {
                assertThat(row.path("user_id").asText()).isEqualTo("alice");
                assertThat(row.path("content").asText()).contains("Paris");
            });
            assertThat(outcome.rows()).anySatisfy(row -> {
                assertThat(row.path("user_id").asText()).isEqualTo("carol");
                assertThat(row.path("content").asText()).contains("Acme");
            });
            assertThat(outcome.rows()).noneSatisfy(row -> assertThat(row.path("user_id").asText()).isEqualTo("mallory"));

            List<MessageBatch> big = outcome.batches().stream().filter(b -> b.getSessionId().equals("s-big")).toList();
            assertThat(big.stream().mapToInt(b -> b.getMessages().size()).sum()).isEqualTo(20);
            assertThat(big).extracting(b -> b.getClosedBy().name()).contains("SIZE");

            List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicReader.readAll(stack.bootstrapServers(),
                    config.topics().deadLetterOf(config.topics().messages()), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .records();
            assertThat(deadLetters).extracting(r -> header(r.headers(), DeadLetters.ERROR_REASON))
                    .containsExactlyInAnyOrder("INVALID", "TOO_LARGE", "USER_MISMATCH");
        }
    }
}
