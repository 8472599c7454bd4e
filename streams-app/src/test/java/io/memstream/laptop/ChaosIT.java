package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.config.MemstreamConfig;
import io.memstream.connect.MemoriesSink;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.ChatMessageJson;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.ProcessingWatcher;
import io.memstream.feed.Progress;
import io.memstream.ops.Health;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos run: two {@code memstream run} JVMs share the work while generated chat and a few poison lines flow in, and
 * a seeded random plan kills one instance with SIGKILL at random moments (restarting it each time) and restarts
 * PostgreSQL once. When everything has drained, the {@code memories} table must equal the topology's output for the same
 * input in a {@link org.apache.kafka.streams.TopologyTestDriver} (the clean run): nothing lost, duplicated or different,
 * and nothing stuck (the sink task RUNNING with no lag, every input record committed, both instances alive).
 *
 * <p>Each user has one session, so that no order between partitions decides which memory keeps its id or supersedes
 * another: every memory id of the clean run is then the id the cluster must write. The enrichment chain is the default
 * offline one, whose output the clean run reproduces; an LLM outage would need an LLM provider before it, so there is
 * none here.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChaosIT {

    private static final Path LOGS = Path.of("target", "it-logs", "ChaosIT");
    private static final long SEED = 20_261_125L;
    private static final int USERS = 80;
    private static final int MESSAGES_PER_SESSION = 50;
    private static final int KILLS = 3;
    /** Input slices published a few seconds apart, so that the faults land while messages still arrive. */
    private static final int SLICES = 4;
    private static final Duration SLICE_PAUSE = Duration.ofSeconds(4);
    /** How long a fault may wait for the table to reach its moment before the run counts as stuck. */
    private static final Duration FAULT_WAIT = Duration.ofMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration SINK_COMMIT_WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Progress progress = new Progress(System.out);

    @TempDir
    Path workDir;
    private EmbeddedStack stack;
    private final Process[] apps = new Process[2];
    private final Path[] configFiles = new Path[2];

    @BeforeEach
    void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, progress);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process app : apps) {
            if (app != null && app.isAlive()) {
                app.destroyForcibly().waitFor();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killsAndAPostgresRestartLoseDuplicateChangeAndStickNothing() throws Exception {
        long started = System.nanoTime();
        List<String> lines = input();
        Map<String, EnhancedMemory> expected = ExpectedMemories.of(lines);
        assertThat(expected).as("memories of the clean run").hasSizeGreaterThan(100);
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        String group = config.getString(MemstreamConfig.APPLICATION_ID);
        Files.createDirectories(LOGS);
        for (int i = 0; i < apps.length; i++) {
            configFiles[i] = configFile("app" + i);
            apps[i] = AppProcess.start(configFiles[i], LOGS.resolve("app" + i + "-0.log"));
        }

        awaitBothInstancesInTheGroup(group);

        CompletableFuture<Map<TopicPartition, Long>> publishing = CompletableFuture.supplyAsync(() -> publish(config, lines));
        Random random = new Random(SEED);
        List<Fault> plan = plan(random);
        int kills = 0;
        int pgRestarts = 0;
        long chaosStart = System.nanoTime();
        for (Fault fault : plan) {
            int rows = awaitRows((int) Math.ceil(fault.progress() * expected.size()));
            String moment = String.format("at %d s, %d of %d rows in the table",
                    Duration.ofNanos(System.nanoTime() - chaosStart).toSeconds(), rows, expected.size());
            if (fault.instance() >= 0) {
                int i = fault.instance();
                apps[i].destroyForcibly().waitFor();
                kills++;
                progress.line(String.format("chaos: kill -9 app%d %s", i, moment));
                Thread.sleep(1_000 + random.nextInt(3_000));
                apps[i] = AppProcess.start(configFiles[i], LOGS.resolve("app" + i + "-" + kills + ".log"));
            } else {
                stack.postgres().stop();
                pgRestarts++;
                progress.line(String.format("chaos: PostgreSQL stopped %s", moment));
                Thread.sleep(5_000 + random.nextInt(3_000));
                stack.postgres().startAgain();
            }
        }

        Map<TopicPartition, Long> published = publishing.get(2, TimeUnit.MINUTES);
        PipelineDrain.Outcome outcome = new PipelineDrain(config, stack.memoriesTable())
                .await(published, DRAIN_TIMEOUT, progress);
        Comparison comparison = Comparison.of(expected, outcome.rows());
        int stuck = stuck(config, group, published);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        System.out.printf("chaos: kills=%d pg_restarts=%d llm_outage=none (offline chain) rows=%d lost=%d duplicated=%d "
                        + "different=%d stuck=%d in %ds%n", kills, pgRestarts, outcome.rows().size(), comparison.lost(),
                comparison.duplicated(), comparison.different(), stuck, seconds);
        assertThat(kills).isEqualTo(KILLS);
        assertThat(pgRestarts).isEqualTo(1);
        assertThat(comparison.problems()).as("rows against the clean run").isEmpty();
        assertThat(stuck).as("stuck: sink not RUNNING or lagging, input not committed, an instance dead").isZero();
    }

    /** Waits until both instances are in a stable group, so that the faults hit two working instances. */
    private void awaitBothInstancesInTheGroup(String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            while (true) {
                for (int i = 0; i < apps.length; i++) {
                    assertThat(apps[i].isAlive()).as("app%d alive (log in %s)", i, LOGS).isTrue();
                }
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    if (d.groupState() == GroupState.STABLE && d.members().size() == apps.length) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                        throw e;
                    }
                }
                assertThat(System.nanoTime()).as("both instances joined the group in time").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /**
     * A fault once the table holds {@code progress} of the clean run's rows: kill instance {@code instance}, or (-1)
     * restart PostgreSQL. Moments are drawn as progress rather than time so that every fault hits work in progress,
     * however fast the machine is that day.
     */
    private record Fault(double progress, int instance) {
    }

    /**
     * Kills in three separate stretches of the first half (a restarted instance must rejoin first), then PostgreSQL: while
     * it is down the table stops growing and afterwards the sink catches up in bursts, so rows no longer show how far
     * the app is.
     */
    private static List<Fault> plan(Random random) {
        List<Fault> faults = new ArrayList<>();
        double stretch = 0.5 / KILLS;
        for (int k = 0; k < KILLS; k++) {
            faults.add(new Fault(0.05 + k * stretch + random.nextDouble() * stretch * 0.7, random.nextInt(2)));
        }
        faults.add(new Fault(0.6 + random.nextDouble() * 0.2, -1));
        faults.sort((a, b) -> Double.compare(a.progress(), b.progress()));
        return faults;
    }

    /**
     * Generated chat, one session per user, with poison lines inside sessions (never the last line of one): a NUL in a
     * message, a 150 KB message, a message of another user in an existing session, and a line that is not JSON.
     */
    private static List<String> input() {
        List<String> lines = new ArrayList<>();
        for (ChatMessage m : new BenchConversations(USERS * MESSAGES_PER_SESSION, USERS, USERS).records()) {
            if (m.getType() == MessageType.MESSAGE) {
                lines.add(json(m));
            }
        }
        ChatMessage nul = ChatMessageJson.parse(lines.get(200));
        ChatMessage big = ChatMessageJson.parse(lines.get(900));
        ChatMessage intruded = ChatMessageJson.parse(lines.get(1_500));
        ChatMessage other = ChatMessageJson.parse(lines.get(1_501));
        lines.add(201, json(ChatMessage.newBuilder(nul).setMessageId("poison-nul").setContent("I live in Par\u0000is.").build()));
        lines.add(901, json(ChatMessage.newBuilder(big).setMessageId("poison-big")
                .setContent("We talked about the weather and the trains for a long while. ".repeat(150 * 1024 / 62)).build()));
        String intruder = other.getUserId().equals(intruded.getUserId()) ? "mallory" : other.getUserId();
        lines.add(1_502, json(ChatMessage.newBuilder(intruded).setMessageId("poison-user").setUserId(intruder)
                .setContent("I live in Berlin.").build()));
        lines.add(2_000, "{\"message_id\":\"poison-json\",\"session_id\":");
        return lines;
    }

    private static String json(ChatMessage m) {
        ObjectNode node = JSON.createObjectNode()
                .put("message_id", m.getMessageId())
                .put("session_id", m.getSessionId())
                .put("user_id", m.getUserId())
                .put("role", m.getRole().name().toLowerCase(java.util.Locale.ROOT))
                .put("content", m.getContent())
                .put("timestamp", m.getTimestamp().toString())
                .put("type", m.getType().name());
        if (m.getTimezone() != null) {
            node.put("timezone", m.getTimezone());
        }
        return node.toString();
    }

    /**
     * Publishes the lines in slices a few seconds apart, then a SESSION_END per session shaped as the clean run's
     * ({@link ExpectedMemories}: after the session's last line); returns the last offset written to each partition.
     */
    private Map<TopicPartition, Long> publish(MemstreamConfig config, List<String> lines) {
        Map<TopicPartition, Long> last = new HashMap<>();
        int slice = (lines.size() + SLICES - 1) / SLICES;
        try {
            for (int from = 0; from < lines.size(); from += slice) {
                if (from > 0) {
                    Thread.sleep(SLICE_PAUSE.toMillis());
                }
                E2eConversations.publish(config, lines.subList(from, Math.min(lines.size(), from + slice)), false, progress)
                        .lastOffsets().forEach((p, o) -> last.merge(p, o, Math::max));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, ChatMessage> lastOfSession = new LinkedHashMap<>();
        for (String line : lines) {
            try {
                ChatMessage m = ChatMessageJson.parse(line);
                lastOfSession.put(m.getSessionId(), m);
            } catch (IllegalArgumentException badLine) {
                // skipped by the publisher and the clean run alike
            }
        }
        List<String> ends = lastOfSession.values().stream().map(m -> json(ChatMessage.newBuilder(m)
                .setMessageId(m.getSessionId() + "#end").setRole(io.memstream.schemas.Role.SYSTEM).setContent("")
                .setType(MessageType.SESSION_END).build())).toList();
        E2eConversations.publish(config, ends, false, progress).lastOffsets().forEach((p, o) -> last.merge(p, o, Math::max));
        return last;
    }

    /** Waits until the table holds at least {@code rows} rows; returns how many it holds. */
    private int awaitRows(int rows) throws Exception {
        long deadline = System.nanoTime() + FAULT_WAIT.toNanos();
        while (true) {
            int now = stack.memoriesTable().memoryIds().size();
            if (now >= rows) {
                return now;
            }
            assertThat(System.nanoTime()).as("the table reached %d rows in time (it has %d; logs in %s)", rows, now, LOGS)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Counts what is stuck after the drain: sink tasks not RUNNING, a sink that still lags (given a minute to commit its
     * offsets), input records the app has not committed, app instances that died.
     */
    private int stuck(MemstreamConfig config, String group, Map<TopicPartition, Long> published) throws Exception {
        int stuck = 0;
        for (int i = 0; i < apps.length; i++) {
            if (!apps[i].isAlive()) {
                System.out.printf("stuck: app%d died (log in %s)%n", i, LOGS);
                stuck++;
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            long behind = new ProcessingWatcher(admin).behind(group, published);
            if (behind > 0) {
                System.out.printf("stuck: %d input records not committed%n", behind);
                stuck++;
            }
        }
        JsonNode status = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        stack.connectUrl() + "/connectors/" + MemoriesSink.connectorName() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode task : status.path("tasks")) {
            if (!task.path("state").asText().equals("RUNNING")) {
                System.out.printf("stuck: sink task %s%n", task);
                stuck++;
            }
        }
        Health sink = stack.sinkHealth();
        if (sink.status() != Health.Status.UP) {
            System.out.printf("stuck: sink %s%n", sink);
            stuck++;
        }
        // Connect commits its offsets once a minute.
        long deadline = System.nanoTime() + SINK_COMMIT_WAIT.toNanos();
        long backlog = sinkBacklog(config);
        while (backlog > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            backlog = sinkBacklog(config);
        }
        if (backlog > 0) {
            System.out.printf("stuck: %d memories records after the sink's committed offsets%n", backlog);
            stuck++;
        }
        System.out.printf("sink after the run: %s%n", stack.sinkHealth().details());
        return stuck;
    }

    /**
     * Records of the memories topic after the sink connector's committed offsets (read_committed). This, not the lag
     * /health/sink reports, says whether the sink is behind: Connect commits past a transaction's last record, not past
     * the commit marker after it, so an idle sink reports up to one offset of lag per partition.
     */
    private long sinkBacklog(MemstreamConfig config) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            // Kafka Connect's consumer group of a sink connector is connect-<name>.
            committed = admin.listConsumerGroupOffsets("connect-" + MemoriesSink.connectorName())
                    .partitionsToOffsetAndMetadata().get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topics().memories()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            for (TopicPartition p : partitions) {
                org.apache.kafka.clients.consumer.OffsetAndMetadata c = committed.get(p);
                consumer.seek(p, c == null ? 0 : c.offset());
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
            return records;
        }
    }

    private Path configFile(String name) throws Exception {
        Map<String, Object> settings = new HashMap<>(stack.appSettings(Map.of()));
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, stack.registryHttpUrl());
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve(name + "-state").toString());
        // A killed member holds its partitions until its session times out (45 s by default); 10 s keeps three kills
        // within the run's budget without changing what is tested.
        settings.put("session.timeout.ms", 10_000);
        Path file = workDir.resolve(name + ".properties");
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        return file;
    }

    /**
     * The table against the clean run, by memory id. A row of an id the clean run does not have is a duplicate when it
     * says what an expected memory says (same user and content), else it is different; an expected id without a row
     * is lost unless such a row stands for it (then it is different).
     */
    private record Comparison(int lost, int duplicated, int different, List<String> problems) {

        static Comparison of(Map<String, EnhancedMemory> expected, List<ObjectNode> rows) {
            List<String> problems = new ArrayList<>();
            Map<String, List<ObjectNode>> byId = rows.stream()
                    .collect(Collectors.groupingBy(r -> r.path("memory_id").asText(), LinkedHashMap::new, Collectors.toList()));
            Map<String, String> expectedIdByStatement = new HashMap<>();
            expected.forEach((id, m) -> expectedIdByStatement.put(m.getUserId() + " | " + m.getContent(), id));
            int lost = 0;
            int duplicated = 0;
            int different = 0;
            java.util.Set<String> standIns = new java.util.HashSet<>();
            for (Map.Entry<String, List<ObjectNode>> entry : byId.entrySet()) {
                if (entry.getValue().size() > 1) {
                    duplicated += entry.getValue().size() - 1;
                    problems.add("duplicated id " + entry.getKey());
                }
                if (expected.containsKey(entry.getKey())) {
                    continue;
                }
                ObjectNode row = entry.getValue().get(0);
                String expectedId = expectedIdByStatement.get(row.path("user_id").asText() + " | " + row.path("content").asText());
                if (expectedId != null && byId.containsKey(expectedId)) {
                    duplicated++;
                    problems.add("duplicate of " + expectedId + ": " + projection(row));
                } else {
                    different++;
                    if (expectedId != null) {
                        standIns.add(expectedId);
                    }
                    problems.add("unexpected row " + entry.getKey() + ": " + projection(row));
                }
            }
            for (Map.Entry<String, EnhancedMemory> entry : expected.entrySet()) {
                List<ObjectNode> found = byId.get(entry.getKey());
                if (found == null) {
                    if (!standIns.contains(entry.getKey())) {
                        lost++;
                        problems.add("lost " + entry.getKey() + ": " + projection(entry.getValue()));
                    }
                } else if (!projection(found.get(0)).equals(projection(entry.getValue()))) {
                    different++;
                    problems.add("different " + entry.getKey() + ": " + projection(found.get(0)) + " instead of "
                            + projection(entry.getValue()));
                }
            }
            return new Comparison(lost, duplicated, different, problems);
        }

        private static String projection(ObjectNode row) {
            List<String> batchIds = new ArrayList<>();
            row.path("batch_ids").forEach(b -> batchIds.add(b.asText()));
            return projection(row.path("user_id").asText(), row.path("content").asText(), row.path("status").asText(),
                    row.path("superseded_by").asText(""), row.path("reinforcement_count").asInt(),
                    row.path("importance").asInt(), batchIds);
        }

        private static String projection(EnhancedMemory m) {
            return projection(m.getUserId(), m.getContent(), m.getStatus().name(),
                    m.getSupersededBy() == null ? "" : m.getSupersededBy(), m.getReinforcementCount(), m.getImportance(),
                    m.getBatchIds());
        }

        private static String projection(String userId, String content, String status, String supersededBy,
                                         int reinforcements, int importance, List<String> batchIds) {
            return userId + " | " + content + " | " + status + supersededBy + " | x" + reinforcements + " | importance "
                    + importance + " | " + batchIds;
        }
    }
}
