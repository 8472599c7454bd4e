package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.errors.DeadLetters;
import io.memstream.feed.ChatMessageJson;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.ProcessingWatcher;
import io.memstream.feed.Progress;
import io.memstream.feed.TopicReader;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on real components: a KRaft broker, PostgreSQL, a Kafka Connect worker running the
 * Debezium JDBC sink, and the streams app. The reference for "exactly the expected rows" is the same
 * input run through the topology in a TopologyTestDriver.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PipelineEndToEndIT {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(4);
    /** The app processes' logs, kept after the test for diagnosis. */
    private static final Path LOGS = Path.of("target", "it-logs", "PipelineEndToEndIT");
    private final Progress progress = new Progress(System.out);

    @TempDir
    Path workDir;
    private EmbeddedStack stack;

    @BeforeEach
    void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, progress);
    }

    @AfterEach
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A SESSION_END line for every session of the input. */
    private static List<String> sessionEnds(List<String> lines) {
        Map<String, String> userOfSession = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            try {
                var m = ChatMessageJson.parse(line);
                userOfSession.put(m.getSessionId(), m.getUserId());
            } catch (IllegalArgumentException bad) {
                // skipped by the publisher
            }
        }
        return userOfSession.entrySet().stream().map(e -> String.format(
                "{\"message_id\":\"%s#end\",\"session_id\":\"%s\",\"user_id\":\"%s\",\"type\":\"SESSION_END\","
                        + "\"timestamp\":\"2026-05-05T00:00:00Z\"}", e.getKey(), e.getKey(), e.getValue())).toList();
    }

    /**
     * The rows are the expected memories. Memory ids are compared as a set only where no order decides them: when two
     * sessions of a user state the same fact, the memory whose batch reaches the index first keeps its id and the
     * other reinforces it, and the cluster interleaves partitions in any order. So each row is compared by what it
     * says: user, content, status, reinforcement count, importance and the set of batches it was seen in.
     */
    private static void assertRowsAreExactly(List<ObjectNode> rows, Map<String, EnhancedMemory> expected) {
        assertThat(rows).extracting(r -> r.path("memory_id").asText()).doesNotHaveDuplicates().hasSize(expected.size());
        List<String> actual = new ArrayList<>();
        for (ObjectNode row : rows) {
            List<String> batchIds = new ArrayList<>();
            row.path("batch_ids").forEach(b -> batchIds.add(b.asText()));
            actual.add(projection(row.path("user_id").asText(), row.path("content").asText(), row.path("status").asText(),
                    row.path("reinforcement_count").asInt(), row.path("importance").asInt(), batchIds));
        }
        List<String> wanted = expected.values().stream().map(m -> projection(m.getUserId(), m.getContent(),
                m.getStatus().name(), m.getReinforcementCount(), m.getImportance(), m.getBatchIds())).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(wanted);
    }

    private static String projection(String userId, String content, String status, int reinforcements, int importance,
                                     List<String> batchIds) {
        return userId + " | " + content + " | " + status + " | x" + reinforcements + " | importance " + importance
                + " | " + batchIds.stream().sorted().toList();
    }

    private static void assertEveryBatchOnce(List<MessageBatch> batches, int distinctMessages) {
        assertThat(batches).extracting(MessageBatch::getBatchId).doesNotHaveDuplicates();
        List<String> messageIds = new ArrayList<>();
        batches.forEach(b -> b.getMessages().forEach(m -> messageIds.add(m.getSessionId() + "/" + m.getMessageId())));
        assertThat(messageIds).as("messages in batches %s", batches.stream()
                        .map(b -> b.getBatchId() + "[" + b.getMessages().get(0).getMessageId() + ".." + b.getClosedBy() + "]").sorted().toList())
                .doesNotHaveDuplicates().hasSize(distinctMessages);
    }

    private static int distinctMessages(List<String> lines) {
        Set<String> ids = new java.util.HashSet<>();
        for (String line : lines) {
            try {
                var m = ChatMessageJson.parse(line);
                ids.add(m.getSessionId() + "/" + m.getMessageId());
            } catch (IllegalArgumentException bad) {
                // skipped by the publisher
            }
        }
        return ids.size();
    }

    @Test
    void severalUsersAndSessionsEndAsExactlyTheExpectedRowsInPostgres() throws Exception {
        List<String> lines = E2eConversations.lines();
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        try (MemstreamApp app = new MemstreamApp(config).start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            MessagePublisher.Result published = E2eConversations.publish(config, lines, true, progress);
            assertThat(published.errors()).singleElement().satisfies(e -> assertThat(e.lineNumber()).isEqualTo(18));

            PipelineDrain.Outcome outcome = new PipelineDrain(config, stack.memoriesTable())
                    .await(published.lastOffsets(), DRAIN_TIMEOUT, progress);

            Map<String, EnhancedMemory> expected = ExpectedMemories.of(lines);
            assertThat(expected).hasSizeGreaterThan(10);
            assertThat(expected.values()).extracting(EnhancedMemory::getUserId).contains("user-0", "user-1", "user-2", "user-3");
            assertRowsAreExactly(outcome.rows(), expected);
            assertEveryBatchOnce(outcome.batches(), distinctMessages(lines));
            assertThat(PipelineDrain.batchesByClosedBy(outcome.batches())).containsKeys("COUNT", "SESSION_END");

            var deadLetters = TopicReader.readAll(stack.bootstrapServers(), config.topics().deadLetterOf(config.topics().messages()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).records();
            assertThat(deadLetters).singleElement().satisfies(r -> {
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(lines.get(17));
                assertThat(new String(r.headers().lastHeader(DeadLetters.ERROR_STAGE).value(), StandardCharsets.UTF_8)).isEqualTo("PARSE");
                assertThat(new String(r.headers().lastHeader(DeadLetters.SOURCE_LINE).value(), StandardCharsets.UTF_8)).isEqualTo("18");
                assertThat(new String(r.headers().lastHeader(DeadLetters.ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                        .startsWith("not valid JSON");
            });
        }
    }

    @Test
    void appKilledMidInputAndRestartedStillWritesEveryRowExactlyOnce() throws Exception {
        List<String> lines = E2eConversations.lines();
        Map<String, Object> settings = new HashMap<>(stack.appSettings(Map.of()));
        // The app runs in its own JVM here, so it reaches the registry over HTTP.
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, stack.registryHttpUrl());
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve("child-state").toString());
        Path configFile = workDir.resolve("child.properties");
        Files.writeString(configFile, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));

        Files.createDirectories(LOGS);
        int half = lines.size() / 2;
        Process first = AppProcess.start(configFile, LOGS.resolve("first.log"));
        MessagePublisher.Result firstHalf = E2eConversations.publish(config, lines.subList(0, half), false, progress);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            ProcessingWatcher watcher = new ProcessingWatcher(admin);
            long total = watcher.behind(config.getString(MemstreamConfig.APPLICATION_ID), firstHalf.lastOffsets());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            // Kill it once it has committed part, but not all, of the first half: mid-stream, mid-work.
            while (watcher.behind(config.getString(MemstreamConfig.APPLICATION_ID), firstHalf.lastOffsets()) > total / 2) {
                assertThat(first.isAlive()).as("first app process is alive (log: %s)", LOGS.resolve("first.log")).isTrue();
                assertThat(System.nanoTime()).as("app made progress in time").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        first.destroyForcibly().waitFor();

        // Close every session of the whole input, including those that had all their messages in the first half.
        List<String> rest = new ArrayList<>(lines.subList(half, lines.size()));
        rest.addAll(sessionEnds(lines));
        MessagePublisher.Result secondHalf = E2eConversations.publish(config, rest, false, progress);
        Process second = AppProcess.start(configFile, LOGS.resolve("second.log"));
        try {
            Map<TopicPartition, Long> published = new HashMap<>(firstHalf.lastOffsets());
            secondHalf.lastOffsets().forEach((p, o) -> published.merge(p, o, Math::max));
            PipelineDrain.Outcome outcome = new PipelineDrain(config, stack.memoriesTable())
                    .await(published, DRAIN_TIMEOUT, progress);

            assertEveryBatchOnce(outcome.batches(), distinctMessages(lines));
            assertRowsAreExactly(outcome.rows(), ExpectedMemories.of(lines));
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
