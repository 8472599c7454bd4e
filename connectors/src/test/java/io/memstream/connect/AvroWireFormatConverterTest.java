package io.memstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.ResolvedDate;
import io.memstream.serde.AvroWireFormat;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SchemaRegistries;
import io.memstream.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroWireFormatConverterTest {

    private static final String SCOPE = "converter-test";
    private static final String REGISTRY_URL = "mock://" + SCOPE;
    private static final String TOPIC = "enhanced-memories";
    private static final Instant FIRST_SEEN = Instant.parse("2026-03-01T09:15:30.123Z");
    private static final Instant LAST_SEEN = Instant.parse("2026-03-02T18:00:00.456Z");
    private static final Instant EXPIRES_AT = Instant.parse("2026-03-07T00:00:00Z");

    private final SpecificAvroSerde<EnhancedMemory> serde = SpecificAvroSerde.forValues(EnhancedMemory.class, REGISTRY_URL);
    private final AvroWireFormatConverter converter = new AvroWireFormatConverter();

    @BeforeEach
    void configure() {
        converter.configure(Map.of(SchemaRegistries.URL_CONFIG, REGISTRY_URL), false);
    }

    @AfterAll
    static void dropRegistry() {
        MockSchemaRegistry.drop(SCOPE);
    }

    @Test
    void fullMemoryBecomesFlatStruct() {
        SchemaAndValue result = converter.toConnectData(TOPIC, serde.serialize(TOPIC, fullMemory()));

        Schema schema = result.schema();
        assertThat(schema.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(schema.name()).isEqualTo("io.memstream.schemas.EnhancedMemory");
        assertThat(schema.fields()).extracting(org.apache.kafka.connect.data.Field::name)
                .containsExactly("memory_id", "user_id", "agent_id", "session_id", "content", "summary", "category",
                        "persona", "importance", "quality_score", "confidence", "entities", "dates", "people", "tags",
                        "embedding", "batch_ids", "source_message_ids", "reinforcement_count", "first_seen",
                        "last_seen", "expires_at", "valid_until", "status", "superseded_by", "model", "prompt_version");

        assertRequired(schema, "memory_id", Schema.Type.STRING);
        assertOptional(schema, "agent_id", Schema.Type.STRING);
        assertRequired(schema, "importance", Schema.Type.INT32);
        assertRequired(schema, "confidence", Schema.Type.FLOAT64);
        assertRequired(schema, "status", Schema.Type.STRING);
        assertOptional(schema, "superseded_by", Schema.Type.STRING);
        assertThat(schema.field("memory_id").schema().doc()).startsWith("Deterministic id");

        for (String json : List.of("entities", "dates")) {
            Schema field = schema.field(json).schema();
            assertThat(field.type()).isEqualTo(Schema.Type.STRING);
            assertThat(field.name()).isEqualTo("io.debezium.data.Json");
            assertThat(field.isOptional()).isFalse();
        }
        for (String array : List.of("people", "tags", "batch_ids", "source_message_ids")) {
            assertRequired(schema, array, Schema.Type.ARRAY);
            assertThat(schema.field(array).schema().valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
        }
        assertOptional(schema, "embedding", Schema.Type.ARRAY);
        assertThat(schema.field("embedding").schema().valueSchema()).isEqualTo(Schema.FLOAT32_SCHEMA);
        for (String timestamp : List.of("first_seen", "last_seen", "expires_at")) {
            assertThat(schema.field(timestamp).schema().name()).isEqualTo("io.debezium.time.ZonedTimestamp");
            assertThat(schema.field(timestamp).schema().type()).isEqualTo(Schema.Type.STRING);
        }
        assertThat(schema.field("expires_at").schema().isOptional()).isTrue();
        assertThat(schema.field("first_seen").schema().isOptional()).isFalse();

        Struct struct = (Struct) result.value();
        struct.validate();
        assertThat(struct.getString("memory_id")).isEqualTo("m-1");
        assertThat(struct.getString("agent_id")).isEqualTo("agent-7");
        assertThat(struct.getInt32("importance")).isEqualTo(8);
        assertThat(struct.getInt32("quality_score")).isEqualTo(4);
        assertThat(struct.getFloat64("confidence")).isEqualTo(0.92);
        assertThat(struct.getString("entities"))
                .isEqualTo("[{\"text\":\"Anna\",\"type\":\"PERSON\"},{\"text\":\"Paris\",\"type\":\"PLACE\"}]");
        assertThat(struct.getString("dates")).isEqualTo("[{\"text\":\"next Friday\",\"resolved\":\"2026-03-06\","
                + "\"precision\":\"DAY\",\"start\":\"2026-03-06\",\"end\":\"2026-03-06\"}]");
        assertThat(struct.getArray("people")).containsExactly("Anna", "sister");
        assertThat(struct.getArray("tags")).containsExactly("family", "travel");
        assertThat(struct.<Float>getArray("embedding")).containsExactly(0.25f, -0.5f, 1.0f);
        assertThat(struct.getArray("batch_ids")).containsExactly("b-1");
        assertThat(struct.getArray("source_message_ids")).containsExactly("msg-1", "msg-2");
        assertThat(struct.getInt32("reinforcement_count")).isEqualTo(2);
        assertThat(struct.getString("first_seen")).isEqualTo("2026-03-01T09:15:30.123Z");
        assertThat(struct.getString("last_seen")).isEqualTo("2026-03-02T18:00:00.456Z");
        assertThat(struct.getString("expires_at")).isEqualTo("2026-03-07T00:00:00Z");
        assertThat(struct.getString("status")).isEqualTo("SUPERSEDED");
        assertThat(struct.getString("superseded_by")).isEqualTo("m-2");
        assertThat(struct.getString("model")).isEqualTo("offline");
    }

    @Test
    void absentOptionalFieldsAreNull() {
        EnhancedMemory memory = EnhancedMemory.newBuilder(fullMemory())
                .setAgentId(null).setEmbedding(null).setExpiresAt(null).setSupersededBy(null)
                .setEntities(List.of()).setStatus(MemoryStatus.ACTIVE)
                .build();

        Struct struct = (Struct) converter.toConnectData(TOPIC, serde.serialize(TOPIC, memory)).value();

        assertThat(struct.get("agent_id")).isNull();
        assertThat(struct.get("embedding")).isNull();
        assertThat(struct.get("expires_at")).isNull();
        assertThat(struct.get("superseded_by")).isNull();
        assertThat(struct.getString("entities")).isEqualTo("[]");
        assertThat(struct.getString("status")).isEqualTo("ACTIVE");
    }

    @Test
    void connectSchemaIsBuiltOncePerAvroSchema() {
        Schema first = converter.toConnectData(TOPIC, serde.serialize(TOPIC, fullMemory())).schema();
        Schema second = converter.toConnectData(TOPIC, serde.serialize(TOPIC,
                EnhancedMemory.newBuilder(fullMemory()).setMemoryId("m-9").build())).schema();

        assertThat(second).isSameAs(first);
    }

    @Test
    void everyAvroTypeMapsToAFlatConnectType() {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "AllTypes", "namespace": "test", "fields": [
                  {"name": "l", "type": "long"},
                  {"name": "f", "type": "float"},
                  {"name": "b", "type": "boolean"},
                  {"name": "raw", "type": "bytes"},
                  {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                  {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
                  {"name": "counts", "type": {"type": "array", "items": "int"}},
                  {"name": "scores", "type": {"type": "array", "items": "double"}},
                  {"name": "flags", "type": {"type": "array", "items": "boolean"}},
                  {"name": "labels", "type": {"type": "map", "values": "long"}},
                  {"name": "nested", "type": ["null", {"type": "record", "name": "Inner", "fields": [
                    {"name": "note", "type": ["null", "string"]}, {"name": "n", "type": "int"}]}]},
                  {"name": "either", "type": ["null", "string", "int"]}
                ]}""");
        GenericRecord inner = new GenericData.Record(avro.getField("nested").schema().getTypes().get(1));
        inner.put("note", null);
        inner.put("n", 3);
        GenericRecord record = new GenericData.Record(avro);
        record.put("l", 5_000_000_000L);
        record.put("f", 1.5f);
        record.put("b", true);
        record.put("raw", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
        record.put("day", (int) LocalDate.parse("2026-03-06").toEpochDay());
        record.put("color", new GenericData.EnumSymbol(avro.getField("color").schema(), "GREEN"));
        record.put("counts", List.of(1, 2));
        record.put("scores", List.of(0.5));
        record.put("flags", List.of(true, false));
        record.put("labels", Map.of("a", 1L));
        record.put("nested", inner);
        record.put("either", 42);
        byte[] bytes = new AvroWireFormat(MockSchemaRegistry.scope(SCOPE)).serialize("all-types-value", avro, record);

        SchemaAndValue result = converter.toConnectData("all-types", bytes);

        Schema schema = result.schema();
        assertRequired(schema, "l", Schema.Type.INT64);
        assertRequired(schema, "f", Schema.Type.FLOAT32);
        assertRequired(schema, "b", Schema.Type.BOOLEAN);
        assertRequired(schema, "raw", Schema.Type.BYTES);
        assertThat(schema.field("day").schema().name()).isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertRequired(schema, "color", Schema.Type.STRING);
        assertThat(schema.field("counts").schema().valueSchema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(schema.field("scores").schema().valueSchema()).isEqualTo(Schema.FLOAT64_SCHEMA);
        assertThat(schema.field("flags").schema().valueSchema()).isEqualTo(Schema.BOOLEAN_SCHEMA);
        assertThat(schema.field("labels").schema().name()).isEqualTo("io.debezium.data.Json");
        assertThat(schema.field("nested").schema().name()).isEqualTo("io.debezium.data.Json");
        assertThat(schema.field("nested").schema().isOptional()).isTrue();
        assertThat(schema.field("either").schema().name()).isEqualTo("io.debezium.data.Json");
        assertThat(schema.field("either").schema().isOptional()).isTrue();

        Struct struct = (Struct) result.value();
        assertThat(struct.getInt64("l")).isEqualTo(5_000_000_000L);
        assertThat(struct.getFloat32("f")).isEqualTo(1.5f);
        assertThat(struct.getBoolean("b")).isTrue();
        assertThat(struct.getBytes("raw")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(struct.get("day")).isEqualTo(Date.from(Instant.parse("2026-03-06T00:00:00Z")));
        assertThat(struct.getString("color")).isEqualTo("GREEN");
        assertThat(struct.getArray("counts")).containsExactly(1, 2);
        assertThat(struct.getArray("scores")).containsExactly(0.5);
        assertThat(struct.getArray("flags")).containsExactly(true, false);
        assertThat(struct.getString("labels")).isEqualTo("{\"a\":1}");
        assertThat(struct.getString("nested")).isEqualTo("{\"note\":null,\"n\":3}");
        assertThat(struct.getString("either")).isEqualTo("42");
    }

    @Test
    void tombstoneStaysNullSoTheSinkDeletes() {
        assertThat(converter.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void wrongMagicByteIsADataExceptionNamingTheReason() {
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0x01, 0x02}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("UNKNOWN_MAGIC_BYTE")
                .hasMessageContaining(TOPIC);
    }

    @Test
    void truncatedRecordsAreDataExceptionsNamingTheReason() {
        byte[] valid = serde.serialize(TOPIC, fullMemory());

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("TRUNCATED");
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, Arrays.copyOf(valid, valid.length - 1)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("TRUNCATED");
    }

    @Test
    void unknownSchemaIdIsADataExceptionNamingTheReason() {
        byte[] unknownId = {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02};

        assertThatThrownBy(() -> converter.toConnectData(TOPIC, unknownId))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("UNKNOWN_SCHEMA_ID");
    }

    @Test
    void writingIsRefusedWithTheSerializerToUseInstead() {
        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, Schema.STRING_SCHEMA, "x"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("io.memstream.serde.SpecificAvroSerde");
    }

    @Test
    void registryUrlIsRequired() {
        assertThatThrownBy(() -> new AvroWireFormatConverter().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistries.URL_CONFIG);
    }

    private static EnhancedMemory fullMemory() {
        return EnhancedMemory.newBuilder()
                .setMemoryId("m-1")
                .setUserId("u-1")
                .setAgentId("agent-7")
                .setSessionId("s-1")
                .setContent("My sister Anna moves to Paris next Friday")
                .setSummary("User's sister Anna moves to Paris")
                .setCategory("relationship")
                .setPersona("default")
                .setImportance(8)
                .setQualityScore(4)
                .setConfidence(0.92)
                .setEntities(List.of(new Entity("Anna", "PERSON"), new Entity("Paris", "PLACE")))
                .setDates(List.of(new ResolvedDate("next Friday", "2026-03-06", "DAY", "2026-03-06", "2026-03-06")))
                .setPeople(List.of("Anna", "sister"))
                .setTags(List.of("family", "travel"))
                .setEmbedding(List.of(0.25f, -0.5f, 1.0f))
                .setBatchIds(List.of("b-1"))
                .setSourceMessageIds(List.of("msg-1", "msg-2"))
                .setReinforcementCount(2)
                .setFirstSeen(FIRST_SEEN)
                .setLastSeen(LAST_SEEN)
                .setExpiresAt(EXPIRES_AT)
                .setStatus(MemoryStatus.SUPERSEDED)
                .setSupersededBy("m-2")
                .setModel("offline")
                .setPromptVersion("rules-1")
                .build();
    }

    private static void assertRequired(Schema struct, String field, Schema.Type type) {
        assertThat(struct.field(field).schema().type()).as(field).isEqualTo(type);
        assertThat(struct.field(field).schema().isOptional()).as(field + " optional").isFalse();
    }

    private static void assertOptional(Schema struct, String field, Schema.Type type) {
        assertThat(struct.field(field).schema().type()).as(field).isEqualTo(type);
        assertThat(struct.field(field).schema().isOptional()).as(field + " optional").isTrue();
    }
}
