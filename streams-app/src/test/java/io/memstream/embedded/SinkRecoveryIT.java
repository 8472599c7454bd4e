package io.memstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.config.MemstreamConfig;
import io.memstream.connect.MemoriesSink;
import io.memstream.feed.Progress;
import io.memstream.ops.Health;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryStatus;
import io.memstream.serde.SpecificAvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL sink of the embedded stack as the exactly-once pipeline needs it: it writes only what Kafka
 * transactions committed, and it rides out a PostgreSQL restart by itself, nothing lost, with no user content in what
 * Connect or {@code /health/sink} say about the failure.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SinkRecoveryIT {

    private static final Duration DEADLINE = Duration.ofMinutes(2);
    /** Text of every memory this test writes: it must not show up in a failure report. */
    private static final String USER_CONTENT = "My neighbour Ottilie keeps bees behind the church";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;
    private static EmbeddedStack stack;
    private static MemstreamConfig config;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, new Progress(System.out));
        config = new MemstreamConfig(stack.appSettings(Map.of()));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void recordsOfAbortedTransactionsNeverReachTheTable() throws Exception {
        try (KafkaProducer<String, EnhancedMemory> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-recovery-it"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                send(producer, "aborted-" + i);
            }
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                send(producer, "committed-" + i);
            }
            producer.commitTransaction();
        }

        // One partition, in order: once the committed records are in, the aborted ones before them were read or skipped.
        await("the committed records in the table", () -> ids().containsAll(Set.of("committed-0", "committed-1", "committed-2")));
        assertThat(ids()).noneMatch(id -> id.startsWith("aborted-"));
    }

    @Test
    void sinkHealsAfterAPostgresRestartWhileMemoriesFlowWithoutManualAction() throws Exception {
        Set<String> produced = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicBoolean flowing = new AtomicBoolean(true);
        long back;
        ExecutorService flow = Executors.newSingleThreadExecutor();
        Future<?> producing = flow.submit(() -> {
            try (KafkaProducer<String, EnhancedMemory> producer = producer(Map.of())) {
                for (int i = 0; flowing.get(); i++) {
                    String id = "flow-" + i;
                    send(producer, id).get();
                    produced.add(id);
                    Thread.sleep(20);
                }
            }
            return null;
        });
        try {
            await("memories in the table before the restart",
                    () -> ids().stream().filter(id -> id.startsWith("flow-")).count() >= 50);
            stack.postgres().stop();
            JsonNode failedStatus = awaitFailedTask();
            Health failedHealth = awaitSinkHealth(Health.Status.DOWN);
            Thread.sleep(3_000);
            stack.postgres().startAgain();
            back = System.nanoTime();
            Thread.sleep(3_000);
            flowing.set(false);
            producing.get(30, TimeUnit.SECONDS);

            assertThat(failedStatus.toString()).as("Connect's failure trace").doesNotContain(USER_CONTENT);
            assertThat(JSON.writeValueAsString(failedHealth.details())).as("/health/sink while failed")
                    .doesNotContain(USER_CONTENT).contains("error_class");
        } finally {
            flowing.set(false);
            flow.shutdownNow();
        }

        await("every produced memory in the table", () -> ids().containsAll(produced));
        await("the sink RUNNING again", () -> stack.sinkHealth().status() == Health.Status.UP);
        System.out.printf("SinkRecoveryIT: %d memories, all in the table and the sink RUNNING %d ms after PostgreSQL was "
                + "back (memories kept flowing for 3 s of that)%n", produced.size(), (System.nanoTime() - back) / 1_000_000);
        Map<String, Object> healed = stack.sinkHealth().details();
        assertThat((Long) healed.get("restarts")).isPositive();
        assertThat((Long) healed.get("failures")).isPositive();
        assertThat(connectorStatus().path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
    }

    /** Polls Connect directly (the watch restarts a failed task within seconds) until a task is FAILED. */
    private JsonNode awaitFailedTask() throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = connectorStatus();
            for (JsonNode task : status.path("tasks")) {
                if (task.path("state").asText().equals("FAILED")) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the sink task did not fail within " + DEADLINE + " of PostgreSQL stopping");
    }

    private static Health awaitSinkHealth(Health.Status wanted) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            Health health = stack.sinkHealth();
            if (health.status() == wanted) {
                return health;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/health/sink was not " + wanted + " within " + DEADLINE + ": " + stack.sinkHealth());
    }

    private JsonNode connectorStatus() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.connectUrl() + "/connectors/"
                + MemoriesSink.connectorName() + "/status")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Set<String> ids() {
        try {
            return new HashSet<>(stack.memoriesTable().memoryIds());
        } catch (java.sql.SQLException databaseDown) {
            return Set.of();
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + DEADLINE + "; sink: " + stack.sinkHealth());
            }
            Thread.sleep(250);
        }
    }

    private static KafkaProducer<String, EnhancedMemory> producer(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return new KafkaProducer<>(settings, new StringSerializer(),
                SpecificAvroSerde.forValues(EnhancedMemory.class, config.schemaRegistryUrl()));
    }

    private static Future<?> send(KafkaProducer<String, EnhancedMemory> producer, String id) {
        return producer.send(new ProducerRecord<>(config.topics().memories(), 0, id, memory(id)));
    }

    private static EnhancedMemory memory(String id) {
        Instant seen = Instant.parse("2026-03-01T09:00:00Z");
        return EnhancedMemory.newBuilder()
                .setMemoryId(id)
                .setUserId("u-sink")
                .setAgentId(null)
                .setSessionId("s-sink")
                .setContent(USER_CONTENT + " (" + id + ")")
                .setSummary(USER_CONTENT)
                .setCategory("relationship")
                .setPersona("coach")
                .setImportance(5)
                .setQualityScore(4)
                .setConfidence(0.9)
                .setEntities(List.of())
                .setDates(List.of())
                .setPeople(List.of("Ottilie"))
                .setTags(List.of("neighbours"))
                .setEmbedding(null)
                .setBatchIds(List.of("b-" + id))
                .setSourceMessageIds(List.of("m-" + id))
                .setReinforcementCount(1)
                .setFirstSeen(seen)
                .setLastSeen(seen)
                .setExpiresAt(null)
                .setValidUntil(null)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel("offline")
                .setPromptVersion("rules-1")
                .build();
    }
}
