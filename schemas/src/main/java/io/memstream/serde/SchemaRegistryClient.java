package io.memstream.serde;

import io.memstream.registry.CompatibilityLevel;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The calls memstream makes to a Confluent-compatible schema registry: the two the wire format needs, and the
 * subject compatibility level memstream sets on the subjects whose contract it owns. Implementations cache: an id,
 * once known, always names the same schema.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id; {@link WireFormatException} with {@code UNKNOWN_SCHEMA_ID} when there is none. */
    Schema schemaById(int id);

    /** The level set on the subject itself; empty when the subject follows the registry's global level. */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    /** Sets the subject's own compatibility level. */
    void setSubjectCompatibility(String subject, CompatibilityLevel level);
}
