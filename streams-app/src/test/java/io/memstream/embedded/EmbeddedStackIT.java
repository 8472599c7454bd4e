package io.memstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts the embedded PostgreSQL, Kafka broker and Connect worker, has each one do real work, wires them together
 * with the Debezium JDBC sink, and checks that closing them leaves nothing running.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedStackIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void servicesStartWorkTogetherAndStop() throws Exception {
        Path postgresData;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             EmbeddedKafka kafka = EmbeddedKafka.start()) {
            postgresData = postgres.dataDirectory();
            assertSqlRoundTrip(postgres);
            assertProduceAndConsume(kafka);

            try (EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers())) {
                assertJdbcSinkAppliesUpsertsAndDeletes(postgres, kafka, connect);
            }
        }
        assertThat(isAnyProcessUsing(postgresData))
                .as("a postgres process still running on %s", postgresData)
                .isFalse();
        assertThat(postgresData).doesNotExist();
    }

    private static void assertSqlRoundTrip(EmbeddedPostgres postgres) throws SQLException {
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/memstream");
        try (Connection connection = connect(postgres); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE greetings (id int PRIMARY KEY, text varchar NOT NULL)");
            sql.execute("INSERT INTO greetings VALUES (1, 'hello, world')");
            try (ResultSet rows = sql.executeQuery("SELECT text, current_database() FROM greetings WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("hello, world");
                assertThat(rows.getString(2)).isEqualTo("memstream");
            }
        }
    }

    private static void assertProduceAndConsume(EmbeddedKafka kafka) throws ExecutionException, InterruptedException {
        String topic = "embedded-stack-smoke";
        kafka.createTopics(new NewTopic(topic, 1, (short) 1));
        kafka.createTopics(new NewTopic(topic, 1, (short) 1));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-stack-smoke",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            awaitTrue("the produced record is consumed", () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("k");
                assertThat(record.value()).isEqualTo("v");
            });
        }
    }

    private static void assertJdbcSinkAppliesUpsertsAndDeletes(EmbeddedPostgres postgres, EmbeddedKafka kafka,
                                                               EmbeddedConnect connect) throws Exception {
        String topic = "items";
        kafka.createTopics(new NewTopic(topic, 1, (short) 1));
        connect.putConnector("items-sink", Map.ofEntries(
                Map.entry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector"),
                Map.entry("tasks.max", "1"),
                Map.entry("topics", topic),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                // Debezium 3.5's sink casts every record key to a Struct, so a plain string key fails with a
                // ClassCastException; wrapping it in a one-field struct is the way to key rows by a string.
                Map.entry("transforms", "keyAsStruct"),
                Map.entry("transforms.keyAsStruct.type", "org.apache.kafka.connect.transforms.HoistField$Key"),
                Map.entry("transforms.keyAsStruct.field", "id"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "true"),
                Map.entry("connection.url", postgres.jdbcUrl()),
                Map.entry("connection.username", postgres.user()),
                Map.entry("connection.password", postgres.password()),
                Map.entry("insert.mode", "upsert"),
                Map.entry("primary.key.mode", "record_key"),
                Map.entry("primary.key.fields", "id"),
                Map.entry("delete.enabled", "true"),
                Map.entry("schema.evolution", "basic"),
                Map.entry("collection.name.format", "items")));
        connect.awaitConnectorRunning("items-sink", WAIT);
        assertThat(connect.status("items-sink")).containsEntry("name", "items-sink");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "1", item("1", "first"))).get();
            producer.send(new ProducerRecord<>(topic, "2", item("2", "second"))).get();
            producer.send(new ProducerRecord<>(topic, "1", null)).get();
        }

        awaitTrue("the items table holds exactly item 2", () -> {
            connect.awaitConnectorRunning("items-sink", WAIT);
            return List.of("2=second").equals(items(postgres));
        });
    }

    /** A Connect JsonConverter envelope: the schema travels with every value. */
    private static String item(String id, String content) {
        return """
                {"schema": {"type": "struct", "name": "item", "optional": false, "fields": [
                    {"field": "id", "type": "string", "optional": false},
                    {"field": "content", "type": "string", "optional": true}]},
                 "payload": {"id": "%s", "content": "%s"}}""".formatted(id, content);
    }

    /** The rows of {@code items} as id=content, or an empty list while the sink has not created the table. */
    private static List<String> items(EmbeddedPostgres postgres) {
        try (Connection connection = connect(postgres); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id, content FROM items ORDER BY id")) {
            List<String> items = new ArrayList<>();
            while (rows.next()) {
                items.add(rows.getString(1) + "=" + rows.getString(2));
            }
            return items;
        } catch (SQLException tableNotCreatedYet) {
            return List.of();
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private static boolean isAnyProcessUsing(Path dataDirectory) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-f", dataDirectory.toString()).inheritIO().start();
        return pgrep.waitFor() == 0;
    }

    private static void awaitTrue(String description, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting until " + description);
            }
            Thread.sleep(200);
        }
    }
}
