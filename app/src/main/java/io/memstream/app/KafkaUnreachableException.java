package io.memstream.app;

import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;

/** No broker of {@code bootstrap.servers} answered in time: a setup problem, reported as one line with what to check. */
public final class KafkaUnreachableException extends RuntimeException {

    KafkaUnreachableException(String bootstrapServers, Duration timeout, Throwable cause) {
        super(cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException
                ? "cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds() + "s: "
                        + "check bootstrap.servers and that the broker is running and reachable"
                : "cannot reach Kafka at " + bootstrapServers + ": " + cause.getMessage()
                        + " (check bootstrap.servers and the security settings)", cause);
    }
}
