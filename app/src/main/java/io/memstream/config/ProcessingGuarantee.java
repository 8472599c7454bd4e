package io.memstream.config;

/** {@code processing.guarantee}, limited to the two guarantees Kafka Streams still supports. */
enum ProcessingGuarantee {
    EXACTLY_ONCE_V2,
    AT_LEAST_ONCE
}
