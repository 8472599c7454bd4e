package io.memstream.errors;

/** A record that decodes but breaks a rule of its contract (a blank id, a key that is not the session id, ...). */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }
}
