package io.memstream.topology;

import io.memstream.app.FileTrees;
import io.memstream.config.MemstreamConfig;
import io.memstream.domain.Enricher;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.memory.MemoryServices;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology in a {@link TopologyTestDriver}, with a private in-process registry and typed topics. */
public final class TopologyFixture implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-03-05T09:00:00Z");

    public final MemstreamConfig config;
    public final Topology topology;
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, ChatMessage> messages;
    public final TestInputTopic<byte[], byte[]> rawMessages;
    public final TestInputTopic<byte[], byte[]> rawBatches;
    public final TestOutputTopic<String, MessageBatch> batches;
    public final TestOutputTopic<String, EnhancedMemory> memories;
    public final TestOutputTopic<byte[], byte[]> messagesDeadLetters;
    public final TestOutputTopic<byte[], byte[]> batchesDeadLetters;
    /** The registry the topology's stages record on: the fixture's own unless the test gives one. */
    public final MeterRegistry meters;
    private final String registryScope = "topology-test-" + UUID.randomUUID();
    private final java.nio.file.Path stateDir = newStateDir();
    private int sequence;

    public TopologyFixture(Map<String, Object> overrides, Enricher enricher) {
        this(overrides, enricher, new SimpleMeterRegistry());
    }

    /** The topology recording on {@code meters}, for a test that reads them. */
    public TopologyFixture(Map<String, Object> overrides, Enricher enricher, MeterRegistry meters) {
        this(overrides, meters, config -> MemstreamTopology.build(config, enricher == null
                ? EnrichmentService.create(config.enrichment(), meters)
                : EnrichmentService.builder(config.enrichment(), meters).enricher(enricher).build(),
                MemoryServices.fromConfig(config.memory().embedding(), meters), meters));
    }

    /** The topology with the enrichment service {@code enrichment} makes from the fixture's config, recording on {@code meters}. */
    public static TopologyFixture withEnrichment(Map<String, Object> overrides, MeterRegistry meters,
                                                 Function<MemstreamConfig, EnrichmentService> enrichment) {
        return new TopologyFixture(overrides, meters, config -> MemstreamTopology.build(config, enrichment.apply(config),
                MemoryServices.fromConfig(config.memory().embedding(), meters), meters));
    }

    private TopologyFixture(Map<String, Object> overrides, MeterRegistry meters,
                            Function<MemstreamConfig, Topology> topology) {
        this.meters = meters;
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        settings.put(MemstreamConfig.BATCH_IDLE_TIMEOUT, "10m");
        settings.put(MemstreamConfig.BATCH_IDLE_CHECK_INTERVAL, "30s");
        settings.put(MemstreamConfig.STATE_DIR, stateDir.toString());
        // Enrichment and embeddings on the test thread: the driver forwards a memory to the index as soon as it is enriched.
        settings.put(MemstreamConfig.MEMORY_EMBEDDING_THREADS, 0);
        settings.put(MemstreamConfig.ENRICHMENT_OFFLINE_THREADS, 0);
        settings.putAll(overrides);
        config = new MemstreamConfig(settings);
        Properties props = config.streamsProperties();
        this.topology = topology.apply(config);
        driver = new TopologyTestDriver(this.topology, props, START);
        SpecificAvroSerde<ChatMessage> messageSerde = SpecificAvroSerde.forValues(ChatMessage.class, config.schemaRegistryUrl());
        messages = driver.createInputTopic(config.topics().messages(), new StringSerializer(), messageSerde);
        rawMessages = driver.createInputTopic(config.topics().messages(), new ByteArraySerializer(), new ByteArraySerializer());
        rawBatches = driver.createInputTopic(config.topics().batches(), new ByteArraySerializer(), new ByteArraySerializer());
        batches = driver.createOutputTopic(config.topics().batches(), new StringDeserializer(),
                SpecificAvroSerde.forValues(MessageBatch.class, config.schemaRegistryUrl()));
        memories = driver.createOutputTopic(config.topics().memories(), new StringDeserializer(),
                SpecificAvroSerde.forValues(EnhancedMemory.class, config.schemaRegistryUrl()));
        messagesDeadLetters = driver.createOutputTopic(config.topics().deadLetterOf(config.topics().messages()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        batchesDeadLetters = driver.createOutputTopic(config.topics().deadLetterOf(config.topics().batches()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static java.nio.file.Path newStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("memstream-ttd-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public TopologyFixture() {
        this(Map.of(), (Enricher) null);
    }

    /** A user message in a session; ids are m1, m2, ... in call order unless given. */
    public ChatMessage message(String sessionId, String content) {
        return message(sessionId, "m" + (++sequence), content);
    }

    public ChatMessage message(String sessionId, String messageId, String content) {
        return ChatMessage.newBuilder()
                .setMessageId(messageId)
                .setSessionId(sessionId)
                .setUserId("user-of-" + sessionId)
                .setRole(Role.USER)
                .setContent(content)
                .setTimestamp(START.plusSeconds(sequence))
                .setTimezone("Europe/Paris")
                .setType(MessageType.MESSAGE)
                .build();
    }

    public ChatMessage sessionEnd(String sessionId) {
        ChatMessage end = message(sessionId, "end of " + sessionId);
        end.setType(MessageType.SESSION_END);
        end.setContent("");
        return end;
    }

    /** The text of the last header {@code name}, e.g. a dead letter's {@code memstream.error.reason}. */
    public static String header(org.apache.kafka.common.header.Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public void send(ChatMessage message) {
        messages.pipeInput(message.getSessionId(), message);
    }

    public void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.drop(registryScope);
        io.memstream.app.FileTrees.deleteQuietly(stateDir);
    }
}
