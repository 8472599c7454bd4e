package io.memstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.config.MemstreamConfig;
import io.memstream.registry.CompatibilityLevel;
import io.memstream.registry.RegistryException;
import io.memstream.registry.SubjectRegistry;
import io.memstream.schemas.ChatMessage;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SchemaRegistryClient;
import io.memstream.serde.WireFormatException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubjectCompatibilityTest {

    private final String scope = "subject-compatibility-test-" + UUID.randomUUID();
    private final SubjectRegistry registry = MockSchemaRegistry.scope(scope).subjects();

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.drop(scope);
    }

    private MemstreamConfig config(String registryUrl) {
        return new MemstreamConfig(Map.of(MemstreamConfig.TOPIC_MESSAGES, "chat-in",
                MemstreamConfig.SCHEMA_REGISTRY_URL, registryUrl));
    }

    @Test
    void setsFullTransitiveOnTheValueSubjectOfTheConfiguredMessagesTopic() {
        SubjectCompatibility.ensure(config("mock://" + scope));

        assertThat(registry.subjectCompatibility("chat-in-value")).contains(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void raisesTheBackwardLevelAKafkajsProducerSetsOnFirstRegistration() {
        registry.setSubjectCompatibility("chat-messages-value", CompatibilityLevel.BACKWARD);

        assertThat(SubjectCompatibility.ensure(MockSchemaRegistry.scope(scope), "chat-messages-value",
                SubjectCompatibility.CHAT_MESSAGES_LEVEL)).isTrue();
        assertThat(registry.compatibilityOf("chat-messages-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void leavesALevelThatAlreadyGuaranteesTheNeededOne() {
        registry.setSubjectCompatibility("chat-messages-value", CompatibilityLevel.FULL_TRANSITIVE);

        assertThat(SubjectCompatibility.ensure(MockSchemaRegistry.scope(scope), "chat-messages-value",
                CompatibilityLevel.FORWARD)).isFalse();
        assertThat(registry.compatibilityOf("chat-messages-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void aRegistryThatRefusesOrCannotBeReachedDoesNotFailStartUp() {
        SchemaRegistryClient readOnly = new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Schema schemaById(int id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
                return Optional.empty();
            }

            @Override
            public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
                throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "HTTP 403 forbidden");
            }
        };

        assertThat(SubjectCompatibility.ensure(readOnly, "chat-messages-value", CompatibilityLevel.FULL_TRANSITIVE)).isFalse();
        SubjectCompatibility.ensure(config("http://127.0.0.1:1"));
    }

    @Test
    void theChatMessagesLevelRefusesAProducerSchemaWithoutUserId() {
        SubjectCompatibility.ensure(config("mock://" + scope));
        registry.register("chat-in-value", ChatMessage.getClassSchema());
        Schema full = ChatMessage.getClassSchema();
        Schema withoutUserId = Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false,
                full.getFields().stream().filter(f -> !f.name().equals("user_id"))
                        .map(f -> new Schema.Field(f, f.schema())).collect(Collectors.toList()));

        assertThatThrownBy(() -> registry.register("chat-in-value", withoutUserId))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.error()).isEqualTo(RegistryException.Error.INCOMPATIBLE_SCHEMA));
    }
}
