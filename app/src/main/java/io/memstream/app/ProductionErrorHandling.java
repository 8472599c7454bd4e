package io.memstream.app;

import io.memstream.config.MemstreamConfig;
import io.memstream.errors.DeadLetteringProductionHandler;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How the app's Kafka Streams client handles a record its producer refuses: {@link DeadLetteringProductionHandler},
 * unless the config names another {@code production.exception.handler}, told the dead-letter topic of every topic
 * memstream writes.
 */
final class ProductionErrorHandling {

    private ProductionErrorHandling() {
    }

    /**
     * {@link MemstreamConfig#streamsProperties()} with the production exception handler, its routes, and the registry
     * of the app instance it counts on.
     */
    static Properties streamsProperties(MemstreamConfig config, MeterRegistry registry) {
        Properties props = config.streamsProperties();
        props.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class.getName());
        props.put(DeadLetteringProductionHandler.ROUTES_CONFIG, DeadLetteringProductionHandler.routes(deadLetterRoutes(config)));
        props.put(DeadLetteringProductionHandler.METER_REGISTRY_CONFIG, registry);
        return props;
    }

    /** Every topic memstream writes that has a dead-letter topic, and that topic; rejected memories share the memories'. */
    static Map<String, String> deadLetterRoutes(MemstreamConfig config) {
        Map<String, String> routes = new LinkedHashMap<>();
        String messagesDeadLetters = config.deadLetterTopic(config.messagesTopic());
        routes.put(config.messagesTopic(), messagesDeadLetters);
        routes.put(TopologyNames.messagesBySessionTopic(config.getString(MemstreamConfig.APPLICATION_ID)), messagesDeadLetters);
        routes.put(config.batchesTopic(), config.deadLetterTopic(config.batchesTopic()));
        routes.put(config.memoriesTopic(), config.deadLetterTopic(config.memoriesTopic()));
        routes.put(config.rejectedMemoriesTopic(), config.deadLetterTopic(config.memoriesTopic()));
        routes.put(config.memoryIndexTopic(), config.deadLetterTopic(config.memoryIndexTopic()));
        return routes;
    }
}
