package io.memstream.registry;

import io.memstream.registry.RegistryException.Error;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * An in-memory schema registry with the Confluent Schema Registry's rules: schema ids are global (the same schema
 * under two subjects has one id) and never reused; versions number from 1 per subject; registering a schema the
 * subject already has returns its id and version; a new schema must satisfy the subject's compatibility level (its
 * own, else the global one, BACKWARD unless set) against the subject's live versions; deletes are soft unless
 * permanent, and a permanent delete needs a soft one first. Only Avro schemas are accepted.
 *
 * <p>Written here rather than taken from Confluent's {@code kafka-schema-registry}: that server is not on Maven Central
 * (Confluent's own repository, Confluent Community License), keeps its state in a Kafka topic and brings Jetty and
 * Jersey into the laptop stack. Compatibility itself is Avro's {@link org.apache.avro.SchemaCompatibility}.
 */
public final class SubjectRegistry {

    /** The global level of a new registry, as in Confluent's. */
    public static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;
    /** The only schema type served. */
    public static final String AVRO = "AVRO";

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, Subject> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectCompatibility = new HashMap<>();
    private CompatibilityLevel globalCompatibility = DEFAULT_COMPATIBILITY;

    private static final class Subject {
        /** Live and soft-deleted versions, by version number. */
        final TreeMap<Integer, Schema> versions = new TreeMap<>();
        final TreeSet<Integer> softDeleted = new TreeSet<>();

        List<Integer> live() {
            return versions.keySet().stream().filter(v -> !softDeleted.contains(v)).toList();
        }

        boolean isSoftDeleted() {
            return !versions.isEmpty() && live().isEmpty();
        }
    }

    /**
     * Parses a schema as a registry request carries it: {@code schemaType} absent or AVRO, defaults checked against
     * their types. {@code INVALID_SCHEMA} otherwise.
     */
    public static Schema parse(String schemaText, String schemaType) {
        if (schemaType != null && !schemaType.isBlank() && !schemaType.equalsIgnoreCase(AVRO)) {
            throw new RegistryException(Error.INVALID_SCHEMA, "schemaType " + schemaType
                    + " is not supported: this registry serves only AVRO schemas (JSON and PROTOBUF are not served)");
        }
        if (schemaText == null || schemaText.isBlank()) {
            throw new RegistryException(Error.INVALID_SCHEMA, "Empty schema: the request has no \"schema\" field");
        }
        try {
            return new Schema.Parser().setValidateDefaults(true).parse(schemaText);
        } catch (AvroRuntimeException e) {
            throw new RegistryException(Error.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    /**
     * Registers {@code schema} under {@code subject}: the existing version when the subject has this schema, else a
     * new version if the subject's compatibility level allows it ({@code INCOMPATIBLE_SCHEMA} otherwise).
     */
    public synchronized RegisteredSchema register(String subject, Schema schema) {
        Subject s = subjects.get(subject);
        if (s != null) {
            for (int version : s.live()) {
                if (s.versions.get(version).equals(schema)) {
                    return new RegisteredSchema(subject, version, idsBySchema.get(schema), schema);
                }
            }
            List<String> problems = compatibilityOf(subject).incompatibilities(schema, liveSchemas(s));
            if (!problems.isEmpty()) {
                throw new RegistryException(Error.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an"
                        + " earlier schema for subject \"" + subject + "\" under " + compatibilityOf(subject) + ": "
                        + String.join("; ", problems));
            }
        } else {
            s = new Subject();
            subjects.put(subject, s);
        }
        int id = idsBySchema.computeIfAbsent(schema, k -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, k);
            return next;
        });
        int version = s.versions.isEmpty() ? 1 : s.versions.lastKey() + 1;
        s.versions.put(version, schema);
        return new RegisteredSchema(subject, version, id, schema);
    }

    /** The live version of {@code subject} that has {@code schema}: {@code SUBJECT_NOT_FOUND} or {@code SCHEMA_NOT_FOUND}. */
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        Subject s = liveSubject(subject);
        for (int version : s.live()) {
            if (s.versions.get(version).equals(schema)) {
                return new RegisteredSchema(subject, version, idsBySchema.get(schema), schema);
            }
        }
        throw new RegistryException(Error.SCHEMA_NOT_FOUND, "Schema not found under subject " + subject);
    }

    /** The schema with a global id; {@code SCHEMA_NOT_FOUND} when there is none. Ids outlive deleted versions. */
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryException(Error.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    /** Every live version that has the schema of a global id, subjects in name order. */
    public synchronized List<RegisteredSchema> versionsOfId(int id) {
        Schema schema = schemaById(id);
        List<RegisteredSchema> found = new ArrayList<>();
        subjects.forEach((name, s) -> s.live().stream().filter(v -> s.versions.get(v).equals(schema))
                .forEach(v -> found.add(new RegisteredSchema(name, v, id, schema))));
        return found;
    }

    /** Subjects in name order: those with a live version, plus soft-deleted ones when asked. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || !e.getValue().isSoftDeleted())
                .map(Map.Entry::getKey).toList();
    }

    /** The version numbers of a subject, ascending. */
    public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        Subject s = includeDeleted ? anySubject(subject) : liveSubject(subject);
        return includeDeleted ? List.copyOf(s.versions.keySet()) : s.live();
    }

    /**
     * A version of a subject: a number, or {@code latest} (also {@code -1}) for the newest live one.
     * {@code INVALID_VERSION} for anything else, {@code VERSION_NOT_FOUND} when it does not exist or is deleted.
     */
    public synchronized RegisteredSchema version(String subject, String version) {
        Subject s = liveSubject(subject);
        int number = versionNumber(version);
        if (number == -1) {
            List<Integer> live = s.live();
            number = live.get(live.size() - 1);
        }
        Schema schema = s.versions.get(number);
        if (schema == null || s.softDeleted.contains(number)) {
            throw new RegistryException(Error.VERSION_NOT_FOUND, "Version " + version + " not found for subject " + subject);
        }
        return new RegisteredSchema(subject, number, idsBySchema.get(schema), schema);
    }

    /**
     * Why {@code schema} could not be registered as the next version of {@code subject} ({@code latest}), or could
     * not follow one given version; empty when it could. A subject without versions accepts any schema.
     */
    public synchronized List<String> checkCompatibility(String subject, String version, Schema schema) {
        int number = versionNumber(version);
        Subject s = subjects.get(subject);
        if (number == -1 && (s == null || s.live().isEmpty())) {
            return List.of();
        }
        CompatibilityLevel level = compatibilityOf(subject);
        if (number == -1) {
            return level.incompatibilities(schema, liveSchemas(s));
        }
        return level.incompatibilities(schema, List.of(version(subject, version).schema()));
    }

    /**
     * Deletes a subject: soft (its versions stay readable by id and listed with {@code deleted=true}) or, after a
     * soft delete, permanent. Returns the versions deleted.
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        Subject s = anySubject(subject);
        if (permanent) {
            if (!s.isSoftDeleted()) {
                throw new RegistryException(Error.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' was not deleted first before being permanently deleted");
            }
            subjects.remove(subject);
            subjectCompatibility.remove(subject);
            return List.copyOf(s.versions.keySet());
        }
        if (s.isSoftDeleted()) {
            throw new RegistryException(Error.SUBJECT_SOFT_DELETED, "Subject '" + subject
                    + "' was soft deleted. Set permanent=true to delete permanently");
        }
        List<Integer> live = s.live();
        s.softDeleted.addAll(live);
        return live;
    }

    /** Deletes one version, soft or (after a soft delete) permanent; returns its number. */
    public synchronized int deleteVersion(String subject, String version, boolean permanent) {
        Subject s = anySubject(subject);
        int number = versionNumber(version);
        if (number == -1) {
            List<Integer> candidates = permanent ? List.copyOf(s.versions.keySet()) : s.live();
            if (candidates.isEmpty()) {
                throw new RegistryException(Error.VERSION_NOT_FOUND, "Version latest not found for subject " + subject);
            }
            number = candidates.get(candidates.size() - 1);
        }
        if (!s.versions.containsKey(number)) {
            throw new RegistryException(Error.VERSION_NOT_FOUND, "Version " + version + " not found for subject " + subject);
        }
        if (permanent) {
            if (!s.softDeleted.contains(number)) {
                throw new RegistryException(Error.VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version " + number
                        + " was not deleted first before being permanently deleted");
            }
            s.versions.remove(number);
            s.softDeleted.remove(number);
            if (s.versions.isEmpty()) {
                subjects.remove(subject);
            }
        } else {
            if (s.softDeleted.contains(number)) {
                throw new RegistryException(Error.VERSION_SOFT_DELETED, "Subject '" + subject + "' Version " + number
                        + " was soft deleted. Set permanent=true to delete permanently");
            }
            s.softDeleted.add(number);
        }
        return number;
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalCompatibility;
    }

    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalCompatibility = level;
    }

    /** The level set on the subject itself; empty when it follows the global level. */
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectCompatibility.get(subject));
    }

    /** Sets a subject's own level; the subject need not have versions yet (as in Confluent's registry). */
    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjectCompatibility.put(subject, level);
    }

    /** Removes a subject's own level, so that it follows the global one again; returns the level removed. */
    public synchronized CompatibilityLevel deleteSubjectCompatibility(String subject) {
        CompatibilityLevel removed = subjectCompatibility.remove(subject);
        if (removed == null) {
            throw new RegistryException(Error.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return removed;
    }

    /** The level that applies to a subject: its own, else the global one. */
    public synchronized CompatibilityLevel compatibilityOf(String subject) {
        return subjectCompatibility.getOrDefault(subject, globalCompatibility);
    }

    private List<Schema> liveSchemas(Subject s) {
        return s.live().stream().map(s.versions::get).toList();
    }

    private Subject anySubject(String subject) {
        Subject s = subjects.get(subject);
        if (s == null) {
            throw new RegistryException(Error.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return s;
    }

    private Subject liveSubject(String subject) {
        Subject s = anySubject(subject);
        if (s.isSoftDeleted()) {
            throw new RegistryException(Error.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return s;
    }

    /** {@code -1} for latest. */
    private static int versionNumber(String version) {
        if (version == null || version.equalsIgnoreCase("latest")) {
            return -1;
        }
        try {
            int number = Integer.parseInt(version);
            if (number == -1 || number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RegistryException(Error.INVALID_VERSION, "The specified version '" + version + "' is not a valid"
                + " version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
}
