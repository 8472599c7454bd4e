package io.memstream.registry;

/**
 * A request the registry refuses, with the HTTP status and {@code error_code} the Confluent Schema Registry answers
 * for the same case, so that REST clients written against Confluent recognise it.
 */
public final class RegistryException extends RuntimeException {

    /** The Confluent Schema Registry's errors, by HTTP status and error code. */
    public enum Error {
        SUBJECT_NOT_FOUND(404, 40401),
        VERSION_NOT_FOUND(404, 40402),
        SCHEMA_NOT_FOUND(404, 40403),
        SUBJECT_SOFT_DELETED(404, 40404),
        SUBJECT_NOT_SOFT_DELETED(404, 40405),
        VERSION_SOFT_DELETED(404, 40406),
        VERSION_NOT_SOFT_DELETED(404, 40407),
        SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
        INCOMPATIBLE_SCHEMA(409, 409),
        INVALID_SCHEMA(422, 42201),
        INVALID_VERSION(422, 42202),
        INVALID_COMPATIBILITY_LEVEL(422, 42203),
        STORE_ERROR(500, 50001);

        private final int httpStatus;
        private final int errorCode;

        Error(int httpStatus, int errorCode) {
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public int errorCode() {
            return errorCode;
        }
    }

    private final Error error;

    public RegistryException(Error error, String message) {
        super(message);
        this.error = error;
    }

    public Error error() {
        return error;
    }
}
