package io.memstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.schemas.ChatMessage;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectRegistryTest {

    private final SubjectRegistry registry = new SubjectRegistry();

    private static Schema record(String name, String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[" + fields + "]}");
    }

    private static final Schema GREETING = record("Greeting", "{\"name\":\"text\",\"type\":\"string\"}");
    private static final Schema GREETING_WITH_MOOD = record("Greeting",
            "{\"name\":\"text\",\"type\":\"string\"},{\"name\":\"mood\",\"type\":\"string\",\"default\":\"calm\"}");

    /** The chat-messages contract without {@code user_id}, which has no default. */
    private static Schema chatMessageWithoutUserId() {
        Schema full = ChatMessage.getClassSchema();
        return Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false,
                full.getFields().stream().filter(f -> !f.name().equals("user_id"))
                        .map(f -> new Schema.Field(f, f.schema())).collect(Collectors.toList()));
    }

    private static RegistryException.Error errorOf(Runnable call) {
        try {
            call.run();
        } catch (RegistryException e) {
            return e.error();
        }
        throw new AssertionError("expected a RegistryException");
    }

    @Test
    void givesTheSameSchemaOneGlobalIdAndEachSubjectItsOwnVersions() {
        RegisteredSchema first = registry.register("a-value", GREETING);
        RegisteredSchema second = registry.register("b-value", GREETING);
        RegisteredSchema evolved = registry.register("a-value", GREETING_WITH_MOOD);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.version()).isEqualTo(1);
        assertThat(evolved.version()).isEqualTo(2);
        assertThat(evolved.id()).isNotEqualTo(first.id());
        assertThat(registry.schemaById(evolved.id())).isEqualTo(GREETING_WITH_MOOD);
        assertThat(registry.versionsOfId(first.id())).extracting(RegisteredSchema::subject).containsExactly("a-value", "b-value");
    }

    @Test
    void returnsTheExistingVersionWhenTheSameSchemaIsRegisteredAgain() {
        RegisteredSchema first = registry.register("a-value", GREETING);
        registry.register("a-value", GREETING_WITH_MOOD);

        assertThat(registry.register("a-value", GREETING)).isEqualTo(first);
        assertThat(registry.versions("a-value", false)).containsExactly(1, 2);
    }

    @Test
    void refusesAnUnrelatedRecordUnderTheDefaultBackwardLevel() {
        registry.register("chat-messages-value", ChatMessage.getClassSchema());

        assertThatThrownBy(() -> registry.register("chat-messages-value", record("Other", "{\"name\":\"x\",\"type\":\"int\"}")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.error()).isEqualTo(RegistryException.Error.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("BACKWARD");
        assertThat(registry.versions("chat-messages-value", false)).containsExactly(1);
    }

    @Test
    void backwardAcceptsDroppingUserIdWhichForwardAndFullRefuse() {
        registry.register("backward-value", ChatMessage.getClassSchema());
        assertThat(registry.register("backward-value", chatMessageWithoutUserId()).version()).isEqualTo(2);

        for (CompatibilityLevel level : new CompatibilityLevel[] {CompatibilityLevel.FORWARD, CompatibilityLevel.FULL,
                CompatibilityLevel.FULL_TRANSITIVE}) {
            String subject = level + "-value";
            registry.register(subject, ChatMessage.getClassSchema());
            registry.setSubjectCompatibility(subject, level);
            assertThatThrownBy(() -> registry.register(subject, chatMessageWithoutUserId()))
                    .as(level.name())
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.error()).isEqualTo(RegistryException.Error.INCOMPATIBLE_SCHEMA))
                    .hasMessageContaining("user_id");
        }
    }

    @Test
    void fullTransitiveAcceptsAnOptionalFieldWithADefault() {
        registry.setSubjectCompatibility("greetings-value", CompatibilityLevel.FULL_TRANSITIVE);
        registry.register("greetings-value", GREETING);

        assertThat(registry.register("greetings-value", GREETING_WITH_MOOD).version()).isEqualTo(2);
    }

    @Test
    void transitiveLevelsCompareWithEveryVersionPlainOnesWithTheLatest() {
        Schema v1 = record("Counter", "{\"name\":\"count\",\"type\":\"int\"}");
        Schema v2 = record("Counter", "{\"name\":\"count\",\"type\":\"int\",\"default\":0}");
        Schema v3 = record("Counter", "{\"name\":\"label\",\"type\":\"string\",\"default\":\"\"}");
        for (String subject : new String[] {"plain", "transitive"}) {
            registry.setSubjectCompatibility(subject, subject.equals("plain")
                    ? CompatibilityLevel.FORWARD : CompatibilityLevel.FORWARD_TRANSITIVE);
            registry.register(subject, v1);
            registry.register(subject, v2);
        }

        assertThat(registry.register("plain", v3).version()).isEqualTo(3);
        assertThat(errorOf(() -> registry.register("transitive", v3))).isEqualTo(RegistryException.Error.INCOMPATIBLE_SCHEMA);
        assertThat(registry.checkCompatibility("transitive", "latest", v3)).anyMatch(p -> p.contains("count"));
        assertThat(registry.checkCompatibility("transitive", "2", v3)).isEmpty();
    }

    @Test
    void anySchemaIsCompatibleWithASubjectThatHasNoVersions() {
        assertThat(registry.checkCompatibility("new-value", "latest", GREETING)).isEmpty();
        assertThat(errorOf(() -> registry.checkCompatibility("new-value", "1", GREETING)))
                .isEqualTo(RegistryException.Error.SUBJECT_NOT_FOUND);
    }

    @Test
    void noneAcceptsAnyChange() {
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        registry.register("a-value", GREETING);

        assertThat(registry.register("a-value", record("Other", "{\"name\":\"x\",\"type\":\"int\"}")).version()).isEqualTo(2);
    }

    @Test
    void looksUpTheVersionOfASchemaUnderASubject() {
        registry.register("a-value", GREETING);
        RegisteredSchema second = registry.register("a-value", GREETING_WITH_MOOD);

        assertThat(registry.lookup("a-value", GREETING_WITH_MOOD)).isEqualTo(second);
        assertThat(registry.version("a-value", "latest")).isEqualTo(second);
        assertThat(registry.version("a-value", "-1")).isEqualTo(second);
        assertThat(errorOf(() -> registry.lookup("a-value", record("Other", "")))).isEqualTo(RegistryException.Error.SCHEMA_NOT_FOUND);
        assertThat(errorOf(() -> registry.lookup("b-value", GREETING))).isEqualTo(RegistryException.Error.SUBJECT_NOT_FOUND);
    }

    @Test
    void answersTheConfluentErrorForMissingOrInvalidVersionsSubjectsAndIds() {
        registry.register("a-value", GREETING);

        assertThat(errorOf(() -> registry.version("a-value", "7"))).isEqualTo(RegistryException.Error.VERSION_NOT_FOUND);
        assertThat(errorOf(() -> registry.version("a-value", "0"))).isEqualTo(RegistryException.Error.INVALID_VERSION);
        assertThat(errorOf(() -> registry.version("a-value", "first"))).isEqualTo(RegistryException.Error.INVALID_VERSION);
        assertThat(errorOf(() -> registry.versions("b-value", false))).isEqualTo(RegistryException.Error.SUBJECT_NOT_FOUND);
        assertThat(errorOf(() -> registry.schemaById(99))).isEqualTo(RegistryException.Error.SCHEMA_NOT_FOUND);
    }

    @Test
    void softDeleteHidesASubjectWhileItsIdsStayReadable() {
        int id = registry.register("a-value", GREETING).id();

        assertThat(registry.deleteSubject("a-value", false)).containsExactly(1);

        assertThat(registry.subjects(false)).isEmpty();
        assertThat(registry.subjects(true)).containsExactly("a-value");
        assertThat(registry.versions("a-value", true)).containsExactly(1);
        assertThat(errorOf(() -> registry.version("a-value", "1"))).isEqualTo(RegistryException.Error.SUBJECT_NOT_FOUND);
        assertThat(registry.schemaById(id)).isEqualTo(GREETING);
        assertThat(errorOf(() -> registry.deleteSubject("a-value", false))).isEqualTo(RegistryException.Error.SUBJECT_SOFT_DELETED);
    }

    @Test
    void permanentDeleteNeedsASoftDeleteFirstAndThenForgetsTheSubject() {
        registry.register("a-value", GREETING);

        assertThat(errorOf(() -> registry.deleteSubject("a-value", true))).isEqualTo(RegistryException.Error.SUBJECT_NOT_SOFT_DELETED);
        registry.deleteSubject("a-value", false);
        assertThat(registry.deleteSubject("a-value", true)).containsExactly(1);

        assertThat(registry.subjects(true)).isEmpty();
        assertThat(registry.register("a-value", GREETING_WITH_MOOD).version()).isEqualTo(1);
    }

    @Test
    void deletedVersionsNoLongerTakePartInCompatibilityAndAreNotReused() {
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FULL);
        registry.register("a-value", GREETING);
        Schema unrelated = record("Other", "{\"name\":\"x\",\"type\":\"int\"}");

        assertThat(registry.deleteVersion("a-value", "1", false)).isEqualTo(1);
        assertThat(errorOf(() -> registry.deleteVersion("a-value", "1", false))).isEqualTo(RegistryException.Error.VERSION_SOFT_DELETED);
        assertThat(registry.register("a-value", unrelated).version()).isEqualTo(2);
        assertThat(errorOf(() -> registry.deleteVersion("a-value", "2", true))).isEqualTo(RegistryException.Error.VERSION_NOT_SOFT_DELETED);
        assertThat(registry.deleteVersion("a-value", "1", true)).isEqualTo(1);
        assertThat(registry.versions("a-value", true)).containsExactly(2);
    }

    @Test
    void aSubjectLevelOverridesTheGlobalOneUntilRemoved() {
        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FULL_TRANSITIVE);

        assertThat(registry.compatibilityOf("a-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.compatibilityOf("b-value")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(registry.subjectCompatibility("b-value")).isEmpty();
        assertThat(registry.deleteSubjectCompatibility("a-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.compatibilityOf("a-value")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(errorOf(() -> registry.deleteSubjectCompatibility("a-value")))
                .isEqualTo(RegistryException.Error.SUBJECT_COMPATIBILITY_NOT_CONFIGURED);
    }

    @Test
    void acceptsOnlyValidAvroSchemas() {
        assertThat(SubjectRegistry.parse(GREETING.toString(), null)).isEqualTo(GREETING);
        assertThat(SubjectRegistry.parse(GREETING.toString(), "AVRO")).isEqualTo(GREETING);

        assertThatThrownBy(() -> SubjectRegistry.parse("{\"type\":\"object\"}", "JSON"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.error()).isEqualTo(RegistryException.Error.INVALID_SCHEMA))
                .hasMessageContaining("only AVRO");
        assertThat(errorOf(() -> SubjectRegistry.parse("syntax = \"proto3\";", "PROTOBUF"))).isEqualTo(RegistryException.Error.INVALID_SCHEMA);
        assertThat(errorOf(() -> SubjectRegistry.parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"ten\"}]}", null)))
                .isEqualTo(RegistryException.Error.INVALID_SCHEMA);
        assertThat(errorOf(() -> SubjectRegistry.parse("not json", null))).isEqualTo(RegistryException.Error.INVALID_SCHEMA);
        assertThat(errorOf(() -> SubjectRegistry.parse(null, null))).isEqualTo(RegistryException.Error.INVALID_SCHEMA);
    }
}
