package io.memstream.serde;

import io.memstream.registry.CompatibilityLevel;
import io.memstream.registry.RegistryException;
import io.memstream.registry.SubjectRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-process registry for {@code mock://<scope>} URLs, as the Confluent libraries offer: every client in
 * the JVM that names the same scope sees the same schemas, which is how the embedded runtime's streams
 * app and Connect worker share one registry without a server. The scope's {@link SubjectRegistry} applies the
 * real registry's rules (global ids, versions, compatibility), and is what the laptop stack serves over HTTP.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final SubjectRegistry subjects = new SubjectRegistry();

    private MockSchemaRegistry() {
    }

    /** The registry of a scope, created on first use. */
    public static MockSchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistry());
    }

    /** Forgets a scope, so that a test starts from an empty registry. */
    public static void drop(String scope) {
        SCOPES.remove(scope);
    }

    /** The scope's subjects, versions and compatibility levels. */
    public SubjectRegistry subjects() {
        return subjects;
    }

    @Override
    public int register(String subject, Schema schema) {
        try {
            return subjects.register(subject, schema).id();
        } catch (RegistryException e) {
            throw new WireFormatException(WireFormatException.Reason.SCHEMA_REJECTED,
                    "the in-process registry refused the schema of " + schema.getFullName() + " under subject "
                            + subject + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Schema schemaById(int id) {
        try {
            return subjects.schemaById(id);
        } catch (RegistryException e) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
                    "schema id " + id + " is not registered in the in-process registry");
        }
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return subjects.subjectCompatibility(subject);
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjects.setSubjectCompatibility(subject, level);
    }
}
