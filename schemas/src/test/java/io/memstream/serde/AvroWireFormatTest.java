package io.memstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

    private final String scope = "wire-format-test-" + UUID.randomUUID();
    private final SpecificAvroSerde<ChatMessage> serde = SpecificAvroSerde.forValues(ChatMessage.class, "mock://" + scope);

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.drop(scope);
    }

    private static ChatMessage message() {
        return ChatMessage.newBuilder()
                .setMessageId("m1").setSessionId("s1").setUserId("u1").setRole(Role.USER)
                .setContent("I live in Paris").setTimestamp(Instant.parse("2026-03-05T09:00:00Z"))
                .setTimezone("Europe/Paris").setType(MessageType.MESSAGE).setMetadata(Map.of("channel", "web"))
                .build();
    }

    private static WireFormatException.Reason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (WireFormatException e) {
            return e.reason();
        }
        throw new AssertionError("expected a WireFormatException");
    }

    @Test
    void writesMagicByteThenSchemaIdThenAvroBody() {
        byte[] bytes = serde.serialize("chat-messages", message());
        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(MockSchemaRegistry.scope(scope).schemaById(id)).isEqualTo(ChatMessage.getClassSchema());
    }

    @Test
    void roundTripsASpecificRecord() {
        ChatMessage original = message();
        assertThat(serde.deserialize("chat-messages", serde.serialize("chat-messages", original))).isEqualTo(original);
    }

    @Test
    void passesTombstonesThroughAsNull() {
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void rejectsEmptyRecordAndWrongMagicByte() {
        assertThat(reasonOf(() -> serde.deserialize("t", new byte[0]))).isEqualTo(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE);
        assertThat(reasonOf(() -> serde.deserialize("t", "plain text".getBytes()))).isEqualTo(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE);
    }

    @Test
    void rejectsRecordShorterThanTheHeader() {
        assertThat(reasonOf(() -> serde.deserialize("t", new byte[] {0, 0, 1}))).isEqualTo(WireFormatException.Reason.TRUNCATED);
    }

    @Test
    void rejectsTruncatedBody() {
        byte[] whole = serde.serialize("t", message());
        byte[] cut = Arrays.copyOf(whole, whole.length - 8);
        assertThat(reasonOf(() -> serde.deserialize("t", cut))).isIn(WireFormatException.Reason.TRUNCATED,
                WireFormatException.Reason.MALFORMED_BODY);
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] whole = serde.serialize("t", message());
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertThat(reasonOf(() -> serde.deserialize("t", longer))).isEqualTo(WireFormatException.Reason.MALFORMED_BODY);
    }

    @Test
    void rejectsUnknownSchemaIdNamingTheId() {
        byte[] bytes = ByteBuffer.allocate(6).put((byte) 0).putInt(4242).put((byte) 0).array();
        assertThatThrownBy(() -> serde.deserialize("t", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("4242")
                .extracting(e -> ((WireFormatException) e).reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void readsRecordsOfAnOlderWriterSchemaFillingDefaults() {
        Schema older = SchemaBuilder.record("ChatMessage").namespace("io.memstream.schemas").fields()
                .requiredString("message_id").requiredString("session_id").requiredString("user_id")
                .name("role").type(ChatMessage.getClassSchema().getField("role").schema()).noDefault()
                .requiredString("content")
                .name("timestamp").type(ChatMessage.getClassSchema().getField("timestamp").schema()).noDefault()
                .endRecord();
        GenericRecord old = new GenericData.Record(older);
        old.put("message_id", "m1");
        old.put("session_id", "s1");
        old.put("user_id", "u1");
        old.put("role", new GenericData.EnumSymbol(older.getField("role").schema(), "USER"));
        old.put("content", "hello");
        old.put("timestamp", 1_000L);
        AvroWireFormat format = new AvroWireFormat(MockSchemaRegistry.scope(scope));
        byte[] bytes = format.serialize("chat-messages-value", older, old);

        ChatMessage read = serde.deserialize("chat-messages", bytes);
        assertThat(read.getContent()).isEqualTo("hello");
        assertThat(read.getType()).isEqualTo(MessageType.MESSAGE);
        assertThat(read.getTimezone()).isNull();
        assertThat(read.getMetadata()).isEmpty();
    }

    @Test
    void registersOneIdPerSchemaAcrossSubjects() {
        MockSchemaRegistry registry = MockSchemaRegistry.scope(scope);
        int a = registry.register("a-value", ChatMessage.getClassSchema());
        int b = registry.register("b-value", ChatMessage.getClassSchema());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aSchemaTheSubjectsLevelRefusesIsNotWritten() {
        serde.serialize("chat-messages", message());
        Schema other = SchemaBuilder.record("Other").fields().requiredInt("x").endRecord();
        GenericRecord record = new GenericData.Record(other);
        record.put("x", 1);

        assertThat(reasonOf(() -> new AvroWireFormat(MockSchemaRegistry.scope(scope))
                .serialize("chat-messages-value", other, record))).isEqualTo(WireFormatException.Reason.SCHEMA_REJECTED);
    }

    @Test
    void mockUrlsWithTheSameScopeShareOneRegistry() {
        assertThat(SchemaRegistries.forUrl("mock://" + scope, null)).isSameAs(MockSchemaRegistry.scope(scope));
    }

    @Test
    void rejectsARegistryUrlThatIsNeitherHttpNorMock() {
        assertThatThrownBy(() -> SchemaRegistries.forUrl("registry:8081", null))
                .hasMessageContaining("neither http(s):// nor mock://");
        assertThatThrownBy(() -> SchemaRegistries.forUrl(" ", null)).hasMessageContaining("schema.registry.url");
    }
}
