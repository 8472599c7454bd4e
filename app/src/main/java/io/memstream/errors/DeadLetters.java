package io.memstream.errors;

import io.memstream.ops.MetricNames;
import io.memstream.serde.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The dead-letter record: the original key and value bytes, untouched, with headers that say what went
 * wrong, in which stage, and where the record came from, so that it can be inspected and replayed.
 *
 * <p>One per stage, on the registry of the app instance the stage belongs to: every dead letter is counted where it is
 * made, so that each instance's {@code memstream_dead_letters_total} counts its own.
 */
public final class DeadLetters {

    /** Exception class name. */
    public static final String ERROR_CLASS = "memstream.error.class";
    /** Human-readable message: what is wrong with the record. */
    public static final String ERROR_MESSAGE = "memstream.error.message";
    /**
     * Machine-readable reason: a {@link WireFormatException.Reason}, an {@link InvalidRecordException#reason()}
     * ({@code INVALID}, {@code TOO_LARGE}, {@code USER_MISMATCH}) or {@code PROCESSING_FAILED}.
     */
    public static final String ERROR_REASON = "memstream.error.reason";
    /** Stage that rejected the record: a {@link Stage} name. */
    public static final String ERROR_STAGE = "memstream.error.stage";
    /** Topic, partition and offset the record was read from. */
    public static final String SOURCE_TOPIC = "memstream.source.topic";
    public static final String SOURCE_PARTITION = "memstream.source.partition";
    public static final String SOURCE_OFFSET = "memstream.source.offset";
    /** Topic a refused output record was meant for (stage PRODUCE). */
    public static final String TARGET_TOPIC = "memstream.target.topic";
    /** Input file and line number, for a line of a JSON-lines input that never became a record. */
    public static final String SOURCE_FILE = "memstream.source.file";
    public static final String SOURCE_LINE = "memstream.source.line";

    /** Where in the pipeline a record was rejected. */
    public enum Stage {
        /** A line of a JSON-lines input file (produce, demo) that is not a valid ChatMessage. */
        PARSE,
        /** Bytes that are not a record in the registry wire format. */
        DECODE,
        /** A record that decodes but breaks its contract. */
        VALIDATE,
        /** A batch the enricher failed on. */
        ENRICH,
        /** A memory the index could not decode or apply. */
        INDEX,
        /** A record a stage wrote that the producer or broker refused (too large): the dead letter has no value. */
        PRODUCE
    }

    private final MeterRegistry registry;

    public DeadLetters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The dead-letter copy of {@code record}, rejected at {@code stage} because of {@code error}. */
    public Record<byte[], byte[]> of(Record<byte[], byte[]> record, ProcessorContext<?, ?> context,
                                            Stage stage, Throwable error) {
        Optional<RecordMetadata> source = context.recordMetadata();
        return of(record, source.map(RecordMetadata::topic).orElse(null), source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), stage, error);
    }

    /**
     * The dead-letter copy of a record read earlier from {@code sourceTopic} (null when unknown), for stages that
     * reject a record later than the {@code process} call that read it, e.g. from a punctuation.
     */
    public Record<byte[], byte[]> of(Record<byte[], byte[]> record, String sourceTopic, int sourcePartition,
                                            long sourceOffset, Stage stage, Throwable error) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, ERROR_MESSAGE, String.valueOf(error.getMessage()));
        put(headers, ERROR_REASON, reasonOf(error));
        put(headers, ERROR_STAGE, stage.name());
        if (sourceTopic != null) {
            put(headers, SOURCE_TOPIC, sourceTopic);
            put(headers, SOURCE_PARTITION, Integer.toString(sourcePartition));
            put(headers, SOURCE_OFFSET, Long.toString(sourceOffset));
        }
        registry.counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_STAGE, stage.name(),
                MetricNames.TAG_TOPIC, sourceTopic == null ? "unknown" : sourceTopic).increment();
        return new Record<>(record.key(), record.value(), record.timestamp(), headers);
    }

    /**
     * Headers of the dead letter of an output record to {@code targetTopic} that the producer refused because of
     * {@code error}, written while processing the input record at {@code sourceTopic}, {@code sourcePartition},
     * {@code sourceOffset}.
     */
    public Headers forRefusedOutput(Headers original, String targetTopic, String sourceTopic, int sourcePartition,
                                           long sourceOffset, String reason, Exception error) {
        Headers headers = new RecordHeaders(original == null ? new Header[0] : original.toArray());
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, ERROR_MESSAGE, String.valueOf(error.getMessage()));
        put(headers, ERROR_REASON, reason);
        put(headers, ERROR_STAGE, Stage.PRODUCE.name());
        put(headers, TARGET_TOPIC, targetTopic);
        if (sourceTopic != null) {
            put(headers, SOURCE_TOPIC, sourceTopic);
            put(headers, SOURCE_PARTITION, Integer.toString(sourcePartition));
            put(headers, SOURCE_OFFSET, Long.toString(sourceOffset));
        }
        registry.counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_STAGE, Stage.PRODUCE.name(),
                MetricNames.TAG_TOPIC, targetTopic).increment();
        return headers;
    }

    /**
     * Headers of the dead-letter copy of input line {@code lineNumber} of {@code file}, rejected for {@code reason} (an
     * {@link InvalidRecordException#reason()}) as {@code message} says.
     */
    public Headers forInputLine(String file, long lineNumber, String reason, String message) {
        Headers headers = new RecordHeaders();
        put(headers, ERROR_CLASS, IllegalArgumentException.class.getName());
        put(headers, ERROR_MESSAGE, message);
        put(headers, ERROR_REASON, reason);
        put(headers, ERROR_STAGE, Stage.PARSE.name());
        put(headers, SOURCE_FILE, file);
        put(headers, SOURCE_LINE, Long.toString(lineNumber));
        registry.counter(MetricNames.DEAD_LETTERS, MetricNames.TAG_STAGE, Stage.PARSE.name(),
                MetricNames.TAG_TOPIC, "input-file").increment();
        return headers;
    }

    private static String reasonOf(Throwable error) {
        if (error instanceof WireFormatException wire) {
            return wire.reason().name();
        }
        if (error instanceof InvalidRecordException invalid) {
            return invalid.reason();
        }
        return "PROCESSING_FAILED";
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
