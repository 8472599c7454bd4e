package io.memstream.errors;

import io.memstream.ops.MetricNames;
import io.memstream.serde.WireFormatException;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead-letter record: the original key and value bytes, untouched, with headers that say what went
 * wrong, in which stage, and where the record came from, so that it can be inspected and replayed.
 */
public final class DeadLetters {

    /** Exception class name. */
    public static final String ERROR_CLASS = "memstream.error.class";
    /** Human-readable message: what is wrong with the record. */
    public static final String ERROR_MESSAGE = "memstream.error.message";
    /** Machine-readable reason: a {@link WireFormatException.Reason}, {@code INVALID} or {@code PROCESSING_FAILED}. */
    public static final String ERROR_REASON = "memstream.error.reason";
    /** Stage that rejected the record: a {@link Stage} name. */
    public static final String ERROR_STAGE = "memstream.error.stage";
    /** Topic, partition and offset the record was read from. */
    public static final String SOURCE_TOPIC = "memstream.source.topic";
    public static final String SOURCE_PARTITION = "memstream.source.partition";
    public static final String SOURCE_OFFSET = "memstream.source.offset";

    /** Where in the pipeline a record was rejected. */
    public enum Stage { DECODE, VALIDATE, BATCH, ENRICH, INDEX }

    private DeadLetters() {
    }

    /** The dead-letter copy of {@code record}, rejected at {@code stage} because of {@code error}. */
    public static Record<byte[], byte[]> of(Record<byte[], byte[]> record, ProcessorContext<?, ?> context,
                                            Stage stage, Throwable error) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, ERROR_MESSAGE, String.valueOf(error.getMessage()));
        put(headers, ERROR_REASON, reasonOf(error));
        put(headers, ERROR_STAGE, stage.name());
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(m -> {
            put(headers, SOURCE_TOPIC, m.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(m.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(m.offset()));
        });
        Metrics.counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_STAGE, stage.name(),
                MetricNames.TAG_TOPIC, source.map(RecordMetadata::topic).orElse("unknown")).increment();
        return new Record<>(record.key(), record.value(), record.timestamp(), headers);
    }

    private static String reasonOf(Throwable error) {
        if (error instanceof WireFormatException wire) {
            return wire.reason().name();
        }
        if (error instanceof InvalidRecordException) {
            return "INVALID";
        }
        return "PROCESSING_FAILED";
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
