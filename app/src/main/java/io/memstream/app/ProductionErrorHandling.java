package io.memstream.app;

import io.memstream.config.MemstreamConfig;
import io.memstream.config.Topics;
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
        Topics topics = config.topics();
        Map<String, String> routes = new LinkedHashMap<>();
        String messagesDeadLetters = topics.deadLetterOf(topics.messages());
        routes.put(topics.messages(), messagesDeadLetters);
        routes.put(TopologyNames.messagesBySessionTopic(config.getString(MemstreamConfig.APPLICATION_ID)), messagesDeadLetters);
        routes.put(topics.batches(), topics.deadLetterOf(topics.batches()));
        routes.put(topics.memories(), topics.deadLetterOf(topics.memories()));
        routes.put(topics.rejectedMemories(), topics.deadLetterOf(topics.memories()));
        routes.put(topics.memoryIndex(), topics.deadLetterOf(topics.memoryIndex()));
        return routes;
    }
}
