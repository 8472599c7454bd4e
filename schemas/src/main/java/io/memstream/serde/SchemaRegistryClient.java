package io.memstream.serde;

import org.apache.avro.Schema;

/**
 * The two calls the wire format needs from a Confluent-compatible schema registry. Implementations
 * cache: an id, once known, always names the same schema.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id; {@link WireFormatException} with {@code UNKNOWN_SCHEMA_ID} when there is none. */
    Schema schemaById(int id);
}
