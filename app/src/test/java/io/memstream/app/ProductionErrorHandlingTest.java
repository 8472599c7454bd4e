package io.memstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.errors.DeadLetteringProductionHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProductionErrorHandlingTest {

    @Test
    void theAppDeadLettersRefusedRecordsOfEveryTopicItWritesUnlessTheConfigNamesAnotherHandler() {
        Properties props = ProductionErrorHandling.streamsProperties(new MemstreamConfig(Map.of("application.id", "ms")),
                new SimpleMeterRegistry());

        assertThat(props.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetteringProductionHandler.class.getName());
        assertThat(props.get(DeadLetteringProductionHandler.ROUTES_CONFIG)).isEqualTo(
                "chat-messages=chat-messages-dlq,ms-chat-messages-by-session-repartition=chat-messages-dlq,"
                        + "chat-batches=chat-batches-dlq,enhanced-memories=enhanced-memories-dlq,"
                        + "rejected-memories=enhanced-memories-dlq,memory-index-input=memory-index-input-dlq");

        Properties own = ProductionErrorHandling.streamsProperties(new MemstreamConfig(Map.of(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, "com.example.OwnHandler")), new SimpleMeterRegistry());
        assertThat(own.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo("com.example.OwnHandler");
    }
}
