package io.memstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.registry.CompatibilityLevel;
import io.memstream.registry.RegistryException;
import io.memstream.registry.SubjectRegistry;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which changes of a producer's chat-messages schema the level memstream sets on chat-messages-value
 * (FULL_TRANSITIVE) admits, and that memstream reads every admitted one with its reader schema (ChatMessage.avsc):
 * each decodes into the same ChatMessage. A change memstream cannot read (user_id dropped) is refused at registration.
 */
class ChatMessageEvolutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "chat-messages";
    private static final String SUBJECT = "chat-messages-value";

    private final String scope = "evolution-test-" + UUID.randomUUID();
    private final SpecificAvroSerde<ChatMessage> serde = SpecificAvroSerde.forValues(ChatMessage.class, "mock://" + scope);
    private SubjectRegistry registry;

    @BeforeEach
    void registerTheContract() {
        registry = MockSchemaRegistry.scope(scope).subjects();
        registry.setSubjectCompatibility(SUBJECT, CompatibilityLevel.FULL_TRANSITIVE);
        registry.register(SUBJECT, ChatMessage.getClassSchema());
    }

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.drop(scope);
    }

    /** Producer schema changes, each an edit of the ChatMessage schema's JSON, and whether FULL_TRANSITIVE accepts it. */
    enum Change {
        ADD_OPTIONAL_FIELD(true, s -> fields(s).addObject().put("name", "channel").putNull("default")
                .set("type", JSON.createArrayNode().add("null").add("string"))),
        ADD_FIELD_WITH_DEFAULT(true, s -> fields(s).addObject().put("name", "priority").put("type", "int").put("default", 0)),
        DROP_AGENT_ID_WHICH_HAS_A_DEFAULT(true, s -> drop(s, "agent_id")),
        DROP_METADATA_WHICH_HAS_A_DEFAULT(true, s -> drop(s, "metadata")),
        REORDER_FIELDS(true, s -> {
            ArrayNode reversed = JSON.createArrayNode();
            for (int i = fields(s).size() - 1; i >= 0; i--) {
                reversed.add(fields(s).get(i));
            }
            s.set("fields", reversed);
        }),
        CONTENT_AS_BYTES(true, s -> field(s, "content").put("type", "bytes")),
        PRODUCER_NAMESPACE(true, s -> s.put("namespace", "com.example.chat")),
        ADD_MESSAGE_TYPE_SYMBOL_THE_ENUM_DEFAULT_COVERS(true,
                s -> ((ArrayNode) field(s, "type").get("type").get("symbols")).add("TYPING")),
        DROP_USER_ID_WHICH_HAS_NO_DEFAULT(false, s -> drop(s, "user_id")),
        ADD_REQUIRED_FIELD(false, s -> fields(s).addObject().put("name", "tenant").put("type", "string")),
        ADD_ROLE_SYMBOL_WITHOUT_ENUM_DEFAULT(false,
                s -> ((ArrayNode) field(s, "role").get("type").get("symbols")).add("DEVELOPER")),
        TIMESTAMP_AS_INT(false, s -> field(s, "timestamp").put("type", "int"));

        final boolean accepted;
        final Consumer<ObjectNode> edit;

        Change(boolean accepted, Consumer<ObjectNode> edit) {
            this.accepted = accepted;
            this.edit = edit;
        }

        Schema apply() {
            try {
                ObjectNode schema = (ObjectNode) JSON.readTree(ChatMessage.getClassSchema().toString());
                edit.accept(schema);
                return new Schema.Parser().parse(schema.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static ArrayNode fields(ObjectNode schema) {
            return (ArrayNode) schema.get("fields");
        }

        private static ObjectNode field(ObjectNode schema, String name) {
            for (JsonNode field : fields(schema)) {
                if (field.path("name").asText().equals(name)) {
                    return (ObjectNode) field;
                }
            }
            throw new IllegalArgumentException("no field " + name);
        }

        private static void drop(ObjectNode schema, String name) {
            for (Iterator<JsonNode> it = fields(schema).elements(); it.hasNext(); ) {
                if (it.next().path("name").asText().equals(name)) {
                    it.remove();
                }
            }
        }
    }

    @Test
    void aUserIdDroppedUnderBackwardIsRegisteredButEveryRecordIsUnreadable() throws IOException {
        registry.setSubjectCompatibility(SUBJECT, CompatibilityLevel.BACKWARD);
        Schema writer = Change.DROP_USER_ID_WHICH_HAS_NO_DEFAULT.apply();
        int id = registry.register(SUBJECT, writer).id();

        assertThatThrownBy(() -> serde.deserialize(TOPIC, produce(writer, id)))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.MALFORMED_BODY))
                .hasMessageContaining("user_id");
    }

    /** The record a producer with {@code writer} sends for the same message, in the wire format. */
    private byte[] produce(Schema writer, int id) throws IOException {
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Object value = switch (field.name()) {
                case "message_id" -> "m1";
                case "session_id" -> "s1";
                case "user_id" -> "u1";
                case "agent_id" -> "a1";
                case "role" -> new GenericData.EnumSymbol(field.schema(), "USER");
                case "content" -> field.schema().getType() == Schema.Type.BYTES
                        ? ByteBuffer.wrap("I live in Paris".getBytes()) : "I live in Paris";
                case "timestamp" -> field.schema().getType() == Schema.Type.INT ? 1_000 : 1_772_701_200_000L;
                case "timezone" -> "Europe/Paris";
                case "type" -> new GenericData.EnumSymbol(field.schema(), "MESSAGE");
                case "metadata" -> Map.of("channel", "web");
                case "channel" -> "web";
                case "priority" -> 2;
                case "tenant" -> "t1";
                default -> throw new IllegalArgumentException(field.name());
            };
            record.put(field.name(), value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(AvroWireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Change.class)
    void memstreamReadsEveryChangeTheRegistryAccepts(Change change) throws IOException {
        Schema writer = change.apply();
        if (!change.accepted) {
            assertThatThrownBy(() -> registry.register(SUBJECT, writer))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.error()).isEqualTo(RegistryException.Error.INCOMPATIBLE_SCHEMA));
            return;
        }
        int id = registry.register(SUBJECT, writer).id();

        ChatMessage read = serde.deserialize(TOPIC, produce(writer, id));

        assertThat(read.getUserId()).isEqualTo("u1");
        assertThat(read.getSessionId()).isEqualTo("s1");
        assertThat(read.getRole()).isEqualTo(Role.USER);
        assertThat(read.getContent()).isEqualTo("I live in Paris");
        assertThat(read.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_772_701_200_000L));
        assertThat(read.getType()).isEqualTo(MessageType.MESSAGE);
        assertThat(read.getAgentId()).isEqualTo(change == Change.DROP_AGENT_ID_WHICH_HAS_A_DEFAULT ? null : "a1");
    }
}
