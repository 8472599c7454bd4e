package io.memstream.errors;

/**
 * A record that decodes but breaks a rule of its contract (a blank id, a message larger than the limit, a user that
 * is not its session's, ...). Its {@link #reason()} goes to the dead-letter header {@link DeadLetters#ERROR_REASON}.
 */
public class InvalidRecordException extends RuntimeException {

    /** The reason of a record that breaks the contract in no more specific way. */
    public static final String INVALID = "INVALID";
    /** A message too large for a batch even with its content cut. */
    public static final String TOO_LARGE = "TOO_LARGE";
    /** A message whose user_id is not the one its session started with. */
    public static final String USER_MISMATCH = "USER_MISMATCH";

    private final String reason;

    public InvalidRecordException(String message) {
        this(INVALID, message);
    }

    public InvalidRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Machine-readable reason: {@link #INVALID}, {@link #TOO_LARGE} or {@link #USER_MISMATCH}. */
    public String reason() {
        return reason;
    }
}
