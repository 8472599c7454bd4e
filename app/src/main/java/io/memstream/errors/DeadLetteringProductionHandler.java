package io.memstream.errors;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code production.exception.handler}: a record the producer refuses for what it is (larger than
 * {@code max.request.size}, or refused by the broker as invalid) is dead-lettered and processing goes on, where the
 * default handler would stop the stream thread and a restart would stop again on the same input record.
 *
 * <p>The dead letter goes to the dead-letter topic of the topic the record was meant for (see {@link #ROUTES_CONFIG});
 * it keeps the key and headers, adds the error headers and where the input record that caused it came from, and has
 * no value, since the value is what was refused. Three cases still stop the thread, on purpose: a record for a
 * changelog topic (resuming would leave a store that its changelog cannot restore), a record whose topic has no route,
 * and any other error (a fenced producer, a timeout: nothing a dead letter would fix). A refused dead letter is logged
 * with its source and dropped: its input record is still in its topic. Limits upstream ({@code batch.max.bytes},
 * {@code batch.message.max.bytes}) keep memstream's own records far below the refusal point; this is the net under them.
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {

    /** Streams property: {@code topic=dead-letter-topic} pairs, comma separated; {@code MemstreamConfig} sets it. */
    public static final String ROUTES_CONFIG = "memstream.production.dead.letter.routes";
    /**
     * Streams property holding the app instance's {@link MeterRegistry} object (not a string), which the app puts in
     * the properties it gives Kafka Streams. Kafka instantiates this handler by class name and hands it nothing but
     * the config map, and the counting cannot be left to a caller: no memstream code sees a refused record before
     * this handler does. A config entry keeps the registry per instance without any static lookup.
     */
    public static final String METER_REGISTRY_CONFIG = "memstream.production.meter.registry";
    private static final String CHANGELOG_SUFFIX = "-changelog";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);

    private final Map<String, String> routes = new HashMap<>();
    private MeterRegistry registry;
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry given)) {
            throw new ConfigException(METER_REGISTRY_CONFIG, configs.get(METER_REGISTRY_CONFIG),
                    "must hold the app instance's MeterRegistry");
        }
        registry = given;
        deadLetters = new DeadLetters(given);
        Object value = configs.get(ROUTES_CONFIG);
        if (value == null || value.toString().isBlank()) {
            return;
        }
        for (String pair : value.toString().split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(ROUTES_CONFIG + ": '" + pair + "' is not topic=dead-letter-topic");
            }
            routes.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
    }

    /** The value of {@link #ROUTES_CONFIG} for these routes. */
    public static String routes(Map<String, String> topicToDeadLetterTopic) {
        StringBuilder value = new StringBuilder();
        topicToDeadLetterTopic.forEach((topic, dlq) -> value.append(value.isEmpty() ? "" : ",").append(topic).append('=').append(dlq));
        return value.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException)
                || record.topic().endsWith(CHANGELOG_SUFFIX)) {
            return Response.fail();
        }
        String reason = exception instanceof RecordTooLargeException ? "TOO_LARGE" : "INVALID";
        if (routes.containsValue(record.topic())) {
            LOG.error("a dead letter for {} was refused ({}); its input record is {}-{} at offset {}", record.topic(),
                    exception.getMessage(), context.topic(), context.partition(), context.offset());
            registry.counter(MetricNames.DEAD_LETTERS_REFUSED, MetricNames.TAG_TOPIC, record.topic()).increment();
            return Response.resume();
        }
        String deadLetterTopic = routes.get(record.topic());
        if (deadLetterTopic == null) {
            return Response.fail();
        }
        Headers headers = deadLetters.forRefusedOutput(record.headers(), record.topic(), context.topic(),
                context.partition(), context.offset(), reason, exception);
        LOG.warn("{} refused a record ({}); dead-lettered to {} without its value", record.topic(), exception.getMessage(),
                deadLetterTopic);
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(), record.key(), null,
                headers)));
    }
}
