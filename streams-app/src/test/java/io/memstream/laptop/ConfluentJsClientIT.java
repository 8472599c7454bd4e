package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.app.SubjectCompatibility;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedKafka;
import io.memstream.embedded.EmbeddedRegistryServer;
import io.memstream.registry.CompatibilityLevel;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.Role;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded registry as a third-party client sees it: streams-app/src/test/js/script.mjs drives it with
 * {@code @kafkajs/confluent-schema-registry} from npm, with the client's defaults, and produces one chat message with
 * kafkajs to an embedded broker; this test judges what the script printed and reads the record back with memstream's
 * serde. Needs {@code node} and {@code npm}: without them the test is skipped, unless CI=true, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConfluentJsClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT_SOURCES = Path.of("src/test/js");
    private static final Path CHAT_MESSAGE_AVSC = Path.of("../schemas/src/main/avro/ChatMessage.avsc");
    private static final String TOPIC = "chat-messages";
    private static final String SUBJECT = "chat-messages-value";

    private final String scope = "confluent-js-client-it-" + UUID.randomUUID();
    private EmbeddedKafka kafka;
    private EmbeddedRegistryServer registry;
    private JsonNode result;

    @BeforeAll
    void runTheScript() throws Exception {
        requireNode();
        Path work = Path.of("target", "confluent-js-client");
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "script.mjs")) {
            Files.copy(SCRIPT_SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(work, Duration.ofMinutes(5), Map.of(), "npm", "ci", "--no-audit", "--no-fund");

        kafka = EmbeddedKafka.start();
        kafka.createTopics(new NewTopic(TOPIC, 1, (short) 1));
        registry = EmbeddedRegistryServer.serve(scope);
        // What memstream does at start-up, over HTTP as against a real registry.
        SubjectCompatibility.ensure(new MemstreamConfig(Map.of(MemstreamConfig.SCHEMA_REGISTRY_URL, registry.url())));

        String output = run(work, Duration.ofMinutes(2),
                Map.of("CHAT_MESSAGE_AVSC", CHAT_MESSAGE_AVSC.toAbsolutePath().normalize().toString()),
                "node", "script.mjs", registry.url(), kafka.bootstrapServers(), TOPIC);
        String[] lines = output.strip().split("\n");
        result = JSON.readTree(lines[lines.length - 1]);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        MockSchemaRegistry.drop(scope);
    }

    private static void requireNode() {
        boolean present;
        try {
            present = new ProcessBuilder("node", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("node is not on PATH and CI=true: .ci/run installs Debian's nodejs and npm; install Node 20+");
            }
            Assumptions.abort("SKIPPED: node is not on PATH, so the embedded registry is not checked against"
                    + " @kafkajs/confluent-schema-registry; install Node 20+ and npm (with CI=true this fails instead)");
        }
    }

    private static String run(Path dir, Duration timeout, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        // Read on this thread until the program closes its output; the wait below then only collects the exit code.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + output);
        }
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    @Test
    void registersWithTheClientsDefaultsAndGetsTheSameIdForTheSameSchema() {
        assertThat(result.path("id").asInt()).isPositive();
        assertThat(result.path("idAgain").asInt()).isEqualTo(result.path("id").asInt());
        // The client's default register() reads /config/<subject> and, the first time, writes BACKWARD there.
        assertThat(MockSchemaRegistry.scope(scope).subjects().subjectCompatibility(result.path("defaultSubject").asText()))
                .contains(CompatibilityLevel.BACKWARD);
    }

    @Test
    void answersGetLatestSchemaIdAndGetRegistryIdBySchema() {
        assertThat(result.path("latestId").asInt()).isEqualTo(result.path("id").asInt());
        assertThat(result.path("idBySchema").asInt()).isEqualTo(result.path("id").asInt());
    }

    @Test
    void refusesAnIncompatibleSchemaWith409() {
        JsonNode incompatible = result.path("incompatible");
        assertThat(incompatible.path("refused").asBoolean()).isTrue();
        assertThat(incompatible.path("status").asInt()).isEqualTo(409);
        assertThat(incompatible.path("errorCode").asInt()).isEqualTo(409);
    }

    @Test
    void refusesInvalidSchemasWith42201() {
        for (String call : List.of("badDefault", "jsonSchemaType")) {
            JsonNode refused = result.path(call);
            assertThat(refused.path("status").asInt()).as(call).isEqualTo(422);
            assertThat(refused.path("errorCode").asInt()).as(call).isEqualTo(42201);
        }
        assertThat(result.path("jsonSchemaType").path("message").asText()).contains("only AVRO");
    }

    @Test
    void holdsChatMessagesToTheLevelMemstreamSets() {
        assertThat(result.path("defaultsOnChatMessages").path("name").asText()).isEqualTo("ConfluentSchemaRegistryCompatibilityError");
        assertThat(result.path("chatMessagesId").asInt()).isPositive();
        assertThat(result.path("droppedUserId").path("status").asInt()).isEqualTo(409);
        assertThat(result.path("droppedUserId").path("message").asText()).contains("user_id");
        assertThat(MockSchemaRegistry.scope(scope).subjects().compatibilityOf(SUBJECT)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void memstreamReadsTheChatMessageKafkajsProduced() {
        SpecificAvroSerde<ChatMessage> serde = SpecificAvroSerde.forValues(ChatMessage.class, registry.url());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "confluent-js-client-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }

        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("js-session");
        assertThat(records.get(0).value()).isEqualTo(Base64.getDecoder().decode(result.path("record").asText()));
        ChatMessage read = serde.deserialize(TOPIC, records.get(0).value());
        assertThat(read.getUserId()).isEqualTo("js-user");
        assertThat(read.getRole()).isEqualTo(Role.USER);
        assertThat(read.getContent()).isEqualTo("I live in Lisbon");
        assertThat(read.getTimestamp()).isEqualTo(Instant.parse("2026-03-05T09:00:00Z"));
        assertThat(read.getMetadata()).containsEntry("source", "kafkajs");
    }
}
