package io.memstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that is not valid in the registry wire format, or whose schema cannot be had. The
 * {@link Reason} says which, so that dead-letter headers and operators can tell the cases apart.
 */
public class WireFormatException extends SerializationException {

    /** Why a record could not be read or written. */
    public enum Reason {
        /** Empty record or first byte not 0: not written by a registry-aware serializer. */
        UNKNOWN_MAGIC_BYTE,
        /** Fewer than the five header bytes, or the Avro body ends early. */
        TRUNCATED,
        /** The registry has no schema with the id the record names. */
        UNKNOWN_SCHEMA_ID,
        /** The body does not decode with the writer schema, or cannot be resolved to the reader schema. */
        MALFORMED_BODY,
        /** The registry could not be reached or answered with an error. */
        REGISTRY_UNAVAILABLE,
        /** The registry refused a schema: incompatible with the subject's versions under its level, or invalid. */
        SCHEMA_REJECTED
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
