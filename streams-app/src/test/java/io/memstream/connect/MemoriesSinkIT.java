package io.memstream.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.embedded.EmbeddedConnect;
import io.memstream.embedded.EmbeddedKafka;
import io.memstream.embedded.EmbeddedPostgres;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.ResolvedDate;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole Connect side against real services: enhanced-memories in the registry wire format, read by
 * {@link AvroWireFormatConverter} in a Connect worker running the Debezium JDBC sink as
 * {@link MemoriesSink} configures it, into the {@code memories} table of a real PostgreSQL.
 *
 * <p>The JVM's default time zone is not UTC while the worker runs, because that zone is the
 * PostgreSQL session zone of the sink's connections: timestamps must land right whatever it is.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MemoriesSinkIT {

    private static final String TOPIC = "enhanced-memories";
    private static final String DLQ_TOPIC = TOPIC + "-dlq";
    private static final String REGISTRY_SCOPE = "memories-sink-it";
    private static final String REGISTRY_URL = "mock://" + REGISTRY_SCOPE;
    private static final TimeZone WORKER_ZONE = TimeZone.getTimeZone("America/Sao_Paulo");
    private static final Duration SINK_DEADLINE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TimeZone originalZone;
    private static EmbeddedPostgres postgres;
    private static EmbeddedKafka kafka;
    private static EmbeddedConnect connect;

    @BeforeAll
    static void startServicesAndSink() throws SQLException {
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(WORKER_ZONE);
        MockSchemaRegistry.drop(REGISTRY_SCOPE);

        postgres = EmbeddedPostgres.start();
        kafka = EmbeddedKafka.start();
        kafka.createTopics(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(DLQ_TOPIC, 1, (short) 1));
        try (Connection db = database()) {
            MemoriesSink.createTable(db);
        }
        connect = EmbeddedConnect.start(kafka.bootstrapServers());
        connect.putConnector(MemoriesSink.connectorName(), MemoriesSink.connectorConfig(new MemoriesSink.Settings(
                TOPIC, postgres.jdbcUrl(), postgres.user(), postgres.password(), REGISTRY_URL, 1)));
        connect.awaitConnectorRunning(MemoriesSink.connectorName(), Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopServices() {
        if (connect != null) {
            connect.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        MockSchemaRegistry.drop(REGISTRY_SCOPE);
        TimeZone.setDefault(originalZone);
    }

    @Test
    void memoriesAreUpsertedAndDeletedAndUnreadableRecordsGoToTheDeadLetterTopic() throws Exception {
        EnhancedMemory first = memory("m-1", "u-1", Instant.parse("2026-03-01T09:15:30.123Z"));
        EnhancedMemory second = memory("m-2", "u-1", Instant.parse("2026-03-01T10:00:00Z"));
        EnhancedMemory third = memory("m-3", "u-2", Instant.parse("2026-02-27T23:59:59.999Z"));
        produce(first, second, third);
        Map<String, Row> inserted = awaitRows(rows -> rows.keySet().equals(Set.of("m-1", "m-2", "m-3")));
        assertRow(inserted.get("m-2"), second);

        EnhancedMemory firstUpdated = EnhancedMemory.newBuilder(first)
                .setSummary("User's sister Anna moved to Lyon")
                .setImportance(9)
                .setConfidence(0.97)
                .setEntities(List.of(new Entity("Anna", "PERSON"), new Entity("Lyon", "PLACE")))
                .setTags(List.of("family", "move"))
                .setEmbedding(List.of(0.5f, 0.25f, -1.0f, 2.5f))
                .setBatchIds(List.of("b-m-1", "b-m-1-again"))
                .setReinforcementCount(2)
                .setLastSeen(Instant.parse("2026-03-04T12:00:00.789Z"))
                .setExpiresAt(Instant.parse("2026-03-20T00:00:00Z"))
                .setStatus(MemoryStatus.SUPERSEDED)
                .setSupersededBy("m-3")
                .build();
        produce(firstUpdated);
        produceTombstone("m-2");
        produceRaw("m-4", new byte[] {0x01, 0x02});

        Map<String, Row> rows = awaitRows(current -> current.keySet().equals(Set.of("m-1", "m-3"))
                && "m-3".equals(current.get("m-1").values().get("superseded_by")));
        assertRow(rows.get("m-1"), firstUpdated);
        assertRow(rows.get("m-3"), third);
        assertThat(rows.get("m-1").createdAt()).as("created_at survives the upsert")
                .isEqualTo(inserted.get("m-1").createdAt());

        ConsumerRecord<String, byte[]> deadLetter = readDeadLetter();
        assertThat(deadLetter.key()).isEqualTo("m-4");
        assertThat(deadLetter.value()).containsExactly(0x01, 0x02);
        assertThat(header(deadLetter, "__connect.errors.topic")).isEqualTo(TOPIC);
        assertThat(header(deadLetter, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
        assertThat(header(deadLetter, "__connect.errors.exception.class.name")).isEqualTo(DataException.class.getName());
        assertThat(header(deadLetter, "__connect.errors.exception.message")).contains("UNKNOWN_MAGIC_BYTE");
    }

    private static EnhancedMemory memory(String id, String user, Instant firstSeen) {
        return EnhancedMemory.newBuilder()
                .setMemoryId(id)
                .setUserId(user)
                .setAgentId("agent-" + id)
                .setSessionId("session-" + id)
                .setContent("My sister Anna moves to Paris next Friday, " + id)
                .setSummary("User's sister Anna moves to Paris")
                .setCategory("relationship")
                .setPersona("coach")
                .setImportance(7)
                .setQualityScore(4)
                .setConfidence(0.875)
                .setEntities(List.of(new Entity("Anna", "PERSON"), new Entity("Paris", "PLACE")))
                .setDates(List.of(new ResolvedDate("next Friday", "2026-03-06", "DAY", "2026-03-06", "2026-03-06"),
                        new ResolvedDate("at 7pm", "2026-03-06T19:00+01:00", "TIME", "2026-03-06", "2026-03-06")))
                .setPeople(List.of("Anna", "sister"))
                .setTags(List.of("family", "travel"))
                .setEmbedding(List.of(0.125f, -0.75f, 3.0f))
                .setBatchIds(List.of("b-" + id))
                .setSourceMessageIds(List.of("msg-" + id + "-1", "msg-" + id + "-2"))
                .setReinforcementCount(1)
                .setFirstSeen(firstSeen)
                .setLastSeen(firstSeen.plusSeconds(90))
                .setExpiresAt(Instant.parse("2026-03-07T00:00:00Z"))
                .setValidUntil(Instant.parse("2026-03-08T00:00:00Z"))
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel("offline")
                .setPromptVersion("rules-1")
                .build();
    }

    private static void assertRow(Row row, EnhancedMemory expected) throws Exception {
        Map<String, Object> values = row.values();
        assertThat(values).containsEntry("memory_id", expected.getMemoryId())
                .containsEntry("user_id", expected.getUserId())
                .containsEntry("agent_id", expected.getAgentId())
                .containsEntry("session_id", expected.getSessionId())
                .containsEntry("content", expected.getContent())
                .containsEntry("summary", expected.getSummary())
                .containsEntry("category", expected.getCategory())
                .containsEntry("persona", expected.getPersona())
                .containsEntry("importance", expected.getImportance())
                .containsEntry("quality_score", expected.getQualityScore())
                .containsEntry("confidence", expected.getConfidence())
                .containsEntry("people", expected.getPeople())
                .containsEntry("tags", expected.getTags())
                .containsEntry("embedding", expected.getEmbedding())
                .containsEntry("batch_ids", expected.getBatchIds())
                .containsEntry("source_message_ids", expected.getSourceMessageIds())
                .containsEntry("reinforcement_count", expected.getReinforcementCount())
                .containsEntry("first_seen", expected.getFirstSeen())
                .containsEntry("last_seen", expected.getLastSeen())
                .containsEntry("expires_at", expected.getExpiresAt())
                .containsEntry("valid_until", expected.getValidUntil())
                .containsEntry("status", expected.getStatus().name())
                .containsEntry("superseded_by", expected.getSupersededBy())
                .containsEntry("model", expected.getModel())
                .containsEntry("prompt_version", expected.getPromptVersion());
        assertThat(JSON.readTree((String) values.get("entities"))).isEqualTo(JSON.valueToTree(expected.getEntities().stream()
                .map(e -> Map.of("text", e.getText(), "type", e.getType())).toList()));
        assertThat(JSON.readTree((String) values.get("dates"))).isEqualTo(JSON.valueToTree(expected.getDates().stream()
                .map(d -> Map.of("text", d.getText(), "resolved", d.getResolved(), "precision", d.getPrecision(),
                        "start", d.getStart(), "end", d.getEnd())).toList()));
        assertThat(row.createdAt()).isNotNull();
    }

    /** A row of {@code memories} with arrays as lists and timestamps as instants, and its created_at. */
    private record Row(Map<String, Object> values, Instant createdAt) {

        static Row read(ResultSet rs) throws SQLException {
            Map<String, Object> values = new HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String column = rs.getMetaData().getColumnName(i);
                String type = rs.getMetaData().getColumnTypeName(i);
                values.put(column, switch (type) {
                    case "timestamptz" -> instantOf(rs.getObject(i, OffsetDateTime.class));
                    case "_text", "_float4" -> listOf(rs.getArray(i));
                    case "jsonb" -> rs.getString(i);
                    default -> rs.getObject(i);
                });
            }
            return new Row(values, (Instant) values.remove("created_at"));
        }

        private static Instant instantOf(OffsetDateTime value) {
            return value == null ? null : value.toInstant();
        }

        private static List<Object> listOf(Array array) throws SQLException {
            return array == null ? null : Arrays.asList((Object[]) array.getArray());
        }
    }

    private static Map<String, Row> awaitRows(Predicate<Map<String, Row>> done) throws Exception {
        long deadline = System.nanoTime() + SINK_DEADLINE.toNanos();
        Map<String, Row> rows = Map.of();
        while (System.nanoTime() < deadline) {
            rows = readTable();
            if (done.test(rows)) {
                return rows;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("memories did not reach the expected state within " + SINK_DEADLINE.toSeconds()
                + " s; connector status: " + connect.status(MemoriesSink.connectorName()) + "; rows: " + rows.keySet());
    }

    private static Map<String, Row> readTable() throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection db = database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM memories")) {
            while (rs.next()) {
                Row row = Row.read(rs);
                rows.put((String) row.values().get("memory_id"), row);
            }
        }
        return rows;
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private static void produce(EnhancedMemory... memories) throws Exception {
        try (KafkaProducer<String, EnhancedMemory> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                SpecificAvroSerde.forValues(EnhancedMemory.class, REGISTRY_URL))) {
            for (EnhancedMemory memory : memories) {
                producer.send(new ProducerRecord<>(TOPIC, memory.getMemoryId(), memory)).get();
            }
        }
    }

    private static void produceTombstone(String key) throws Exception {
        produceRaw(key, null);
    }

    private static void produceRaw(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    private static ConsumerRecord<String, byte[]> readDeadLetter() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(DLQ_TOPIC, 0)));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + SINK_DEADLINE.toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            assertThat(records).as("records in " + DLQ_TOPIC).hasSize(1);
            return records.get(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
