package io.memstream.errors;

import static io.memstream.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetteringProductionHandlerTest {

    /** The input record being processed when the refused record was written: chat-batches, partition 2, offset 41. */
    private static final ErrorHandlerContext PROCESSING_A_BATCH = new ErrorHandlerContext() {
        public String topic() { return "chat-batches"; }
        public int partition() { return 2; }
        public long offset() { return 41; }
        public Headers headers() { return new RecordHeaders(); }
        public String processorNodeId() { return "enricher"; }
        public TaskId taskId() { return new TaskId(1, 2); }
        public long timestamp() { return 0; }
        public byte[] sourceRawKey() { return null; }
        public byte[] sourceRawValue() { return null; }
    };

    private final DeadLetteringProductionHandler handler = configured();

    /** The handler with the routes the app gives it by default. */
    private static DeadLetteringProductionHandler configured() {
        DeadLetteringProductionHandler handler = new DeadLetteringProductionHandler();
        handler.configure(Map.of(DeadLetteringProductionHandler.ROUTES_CONFIG, DeadLetteringProductionHandler.routes(Map.of(
                "chat-messages", "chat-messages-dlq",
                "memstream-chat-messages-by-session-repartition", "chat-messages-dlq",
                "chat-batches", "chat-batches-dlq",
                "enhanced-memories", "enhanced-memories-dlq")),
                DeadLetteringProductionHandler.METER_REGISTRY_CONFIG, new SimpleMeterRegistry()));
        return handler;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, null, 7L, "key".getBytes(StandardCharsets.UTF_8), new byte[2_000_000]);
    }

    @Test
    void deadLettersARecordTooLargeForItsTopicWithoutItsValueAndResumes() {
        Response response = handler.handleError(PROCESSING_A_BATCH, record("enhanced-memories"),
                new RecordTooLargeException("The message is 2000088 bytes when serialized"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("enhanced-memories-dlq");
            assertThat(dead.key()).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
            assertThat(dead.value()).isNull();
            assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("PRODUCE");
            assertThat(header(dead.headers(), DeadLetters.ERROR_REASON)).isEqualTo("TOO_LARGE");
            assertThat(header(dead.headers(), DeadLetters.TARGET_TOPIC)).isEqualTo("enhanced-memories");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("chat-batches");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("41");
        });
    }

    @Test
    void routesTheRepartitionBySessionToTheMessagesDeadLetterTopic() {
        Response response = handler.handleError(PROCESSING_A_BATCH, record("memstream-chat-messages-by-session-repartition"),
                new RecordTooLargeException("too large"));
        assertThat(response.deadLetterQueueRecords()).extracting(ProducerRecord::topic).containsExactly("chat-messages-dlq");
    }

    @Test
    void failsOnAChangelogRecordSoThatNoStoreOutgrowsItsChangelog() {
        assertThat(handler.handleError(PROCESSING_A_BATCH, record("memstream-batcher-sessions-changelog"),
                new RecordTooLargeException("too large")).result()).isEqualTo(Result.FAIL);
    }

    @Test
    void failsOnErrorsADeadLetterWouldNotFix() {
        assertThat(handler.handleError(PROCESSING_A_BATCH, record("enhanced-memories"), new TimeoutException("no broker"))
                .result()).isEqualTo(Result.FAIL);
    }

    @Test
    void kafkaStreamsHandsItTheRegistryOfItsInstanceThroughTheConfigMap() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamsConfig config = new StreamsConfig(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "ms",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class.getName(),
                DeadLetteringProductionHandler.ROUTES_CONFIG, "enhanced-memories=enhanced-memories-dlq",
                DeadLetteringProductionHandler.METER_REGISTRY_CONFIG, registry));
        ProductionExceptionHandler configured = config.getConfiguredInstance(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionExceptionHandler.class);

        configured.handleError(PROCESSING_A_BATCH, record("enhanced-memories"), new RecordTooLargeException("too large"));
        assertThat(registry.get(MetricNames.DEAD_LETTERS).tag(MetricNames.TAG_STAGE, "PRODUCE").counter().count())
                .isEqualTo(1);
    }

    @Test
    void refusesAConfigWithoutARegistryToCountOn() {
        assertThatThrownBy(() -> new DeadLetteringProductionHandler().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DeadLetteringProductionHandler.METER_REGISTRY_CONFIG);
    }

    @Test
    void dropsARefusedDeadLetterRatherThanDeadLetteringItAgain() {
        Response response = handler.handleError(PROCESSING_A_BATCH, record("chat-messages-dlq"),
                new RecordTooLargeException("too large"));
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }
}
