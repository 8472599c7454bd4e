package io.memstream.embedded;

/**
 * A piece of the embedded runtime (PostgreSQL, the Kafka broker, the Connect worker) could not start, could not be
 * reached, or reported a failure. The message says what went wrong and, where there is something to do, what to do.
 */
public class EmbeddedRuntimeException extends RuntimeException {

    public EmbeddedRuntimeException(String message) {
        super(message);
    }

    public EmbeddedRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
