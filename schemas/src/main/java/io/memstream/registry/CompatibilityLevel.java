package io.memstream.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The Confluent Schema Registry's compatibility levels. BACKWARD: a reader with the new schema reads data written
 * with the earlier one; FORWARD: a reader with the earlier schema reads data written with the new one; FULL: both.
 * A plain level compares with the latest version only, a TRANSITIVE one with every version of the subject.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The level named by {@code name} (any case); {@code INVALID_COMPATIBILITY_LEVEL} for anything else. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below with the list of valid levels
            }
        }
        throw new RegistryException(RegistryException.Error.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level '" + name + "'. Valid values are " + List.of(values()));
    }

    /** Whether every schema change this level accepts is also accepted by {@code other}'s rules. */
    public boolean guarantees(CompatibilityLevel other) {
        return (backward || !other.backward) && (forward || !other.forward) && (transitive || !other.transitive);
    }

    /**
     * Why {@code candidate} may not follow {@code versions} (oldest first) under this level; empty when it may.
     * A plain level compares with the last version only.
     */
    public List<String> incompatibilities(Schema candidate, List<Schema> versions) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || versions.isEmpty()) {
            return problems;
        }
        List<Schema> earlier = transitive ? versions : versions.subList(versions.size() - 1, versions.size());
        for (Schema previous : earlier) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous),
                        "a reader of the new schema cannot read data written with an earlier version", problems);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate),
                        "a reader of an earlier version cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility result, String direction, List<String> problems) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
