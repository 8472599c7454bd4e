package io.memstream.config;

import java.time.Duration;

/**
 * How chat messages become batches ({@code batch.*}).
 *
 * @param size messages that close a batch
 * @param idleTimeout wall-clock quiet time that closes a partial batch
 * @param sessionRetention how long an idle session's counter and seen message ids are kept; longer than idleTimeout
 * @param maxBytes Avro-encoded messages a batch may hold
 * @param messageMaxBytes largest message kept whole; at most maxBytes
 */
public record BatchingSettings(int size, Duration idleTimeout, Duration idleCheckInterval, Duration sessionRetention,
                               int maxBytes, int messageMaxBytes) {
}
