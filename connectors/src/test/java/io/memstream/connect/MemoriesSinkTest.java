package io.memstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoriesSinkTest {

    private static final MemoriesSink.Settings SETTINGS = new MemoriesSink.Settings("enhanced-memories",
            "jdbc:postgresql://db:5432/memstream", "memstream", "s3cret", "http://registry:8081", 3);

    @Test
    void everyPlaceholderIsSubstituted() {
        Map<String, String> config = MemoriesSink.connectorConfig(SETTINGS);

        assertThat(config).containsEntry("topics", "enhanced-memories")
                .containsEntry("connection.url", "jdbc:postgresql://db:5432/memstream")
                .containsEntry("connection.username", "memstream")
                .containsEntry("connection.password", "s3cret")
                .containsEntry("value.converter.schema.registry.url", "http://registry:8081")
                .containsEntry("errors.deadletterqueue.topic.name", "enhanced-memories-dlq")
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "3");
        assertThat(config.values()).noneMatch(value -> value.contains("${"));
    }

    @Test
    void templateConfiguresTheDebeziumUpsertSink() {
        assertThat(MemoriesSink.connectorConfig(SETTINGS))
                .containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
                .containsEntry("collection.name.format", "memories")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("delete.enabled", "true")
                .containsEntry("primary.key.mode", "record_key")
                .containsEntry("primary.key.fields", "memory_id")
                .containsEntry("schema.evolution", "none")
                .containsEntry("value.converter", AvroWireFormatConverter.class.getName())
                .containsEntry("transforms.keyAsStruct.type", "org.apache.kafka.connect.transforms.HoistField$Key")
                .containsEntry("transforms.keyAsStruct.field", "memory_id")
                .containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true");
        assertThat(MemoriesSink.connectorName()).isEqualTo("memories-sink");
    }

    @Test
    void sinkConsumerReadsOnlyWhatKafkaTransactionsCommitted() {
        assertThat(MemoriesSink.connectorConfig(SETTINGS))
                .as("exactly_once_v2 upstream: records of aborted transactions must not reach PostgreSQL")
                .containsEntry("consumer.override.isolation.level", "read_committed");
    }

    @Test
    void driverErrorsQuoteNeitherTheStatementNorItsValues() {
        // pgjdbc puts the failed statement with its parameters ("Batch entry 0 INSERT ... VALUES (...)") and the
        // server's detail into exception messages unless logServerErrorDetail is off; Connect shows them over REST.
        assertThat(MemoriesSink.connectorConfig(SETTINGS))
                .containsEntry("hibernate.connection.logServerErrorDetail", "false");
    }

    @Test
    void valuesAreInsertedVerbatim() {
        MemoriesSink.Settings withProviderReference = new MemoriesSink.Settings("enhanced-memories",
                "jdbc:postgresql://db/memstream", "memstream", "${file:/etc/secrets/db.properties:password}",
                "http://registry:8081", 1);

        assertThat(MemoriesSink.connectorConfig(withProviderReference))
                .containsEntry("connection.password", "${file:/etc/secrets/db.properties:password}");
    }

    @Test
    void missingValuesFailNamingEveryPlaceholder() {
        MemoriesSink.Settings missing = new MemoriesSink.Settings("enhanced-memories", " ", "memstream",
                "s3cret", null, 1);

        assertThatThrownBy(() -> MemoriesSink.connectorConfig(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${jdbc.url}")
                .hasMessageContaining("${schema.registry.url}")
                .hasMessageNotContaining("${topic}");
    }

    @Test
    void dlqReplicationFactorMustBePositiveOrBrokerDefault() {
        assertThatThrownBy(() -> new MemoriesSink.Settings("t", "jdbc:x", "u", "p", "mock://x", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MemoriesSink.connectorConfig(new MemoriesSink.Settings("t", "jdbc:x", "u", "p", "mock://x", -1)))
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "-1");
    }

    @Test
    void ddlCreatesTheTableAndIndexesIdempotently() {
        String ddl = MemoriesSink.ddl();

        assertThat(ddl).contains("CREATE TABLE IF NOT EXISTS memories")
                .containsPattern("memory_id\\s+text\\s+PRIMARY KEY")
                .containsPattern("created_at\\s+timestamptz\\s+NOT NULL DEFAULT now\\(\\)");
        assertThat(ddl.lines().filter(line -> line.startsWith("CREATE INDEX IF NOT EXISTS"))).hasSize(7);
        assertThat(ddl).contains("ALTER TABLE memories ADD COLUMN IF NOT EXISTS valid_until timestamptz;");
        assertThat(ddl.lines().filter(line -> line.startsWith("CREATE ") || line.startsWith("ALTER ")))
                .allMatch(line -> line.contains("IF NOT EXISTS"));
    }
}
