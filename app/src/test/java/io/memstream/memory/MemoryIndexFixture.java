package io.memstream.memory;

import io.memstream.app.FileTrees;
import io.memstream.config.MemstreamConfig;
import io.memstream.domain.Enricher;
import io.memstream.domain.MemoryIds;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.enrichment.OfflineEnricher;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.internal.MemoryIndexInput;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.MemstreamTopology;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The real topology in a {@link TopologyTestDriver}, driven at the memory index: candidate memories go straight into
 * memory-index-input as the embedder would send them (embedded with the real all-MiniLM-L6-v2), commands into
 * memory-commands; the memory-state changelog comes out of enhanced-memories.
 */
final class MemoryIndexFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-05T09:00:00Z");
    private static final Embedder EMBEDDER = Embedders.local();

    final MemstreamConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, MemoryIndexInput> index;
    final TestInputTopic<String, MemoryCommand> commands;
    final TestInputTopic<byte[], byte[]> rawCommands;
    final TestOutputTopic<String, EnhancedMemory> memories;
    final TestOutputTopic<byte[], byte[]> commandDeadLetters;
    private final String registryScope = "memory-index-test-" + UUID.randomUUID();
    private final MemoryScope scope;
    private final Path stateDir;

    MemoryIndexFixture(Map<String, Object> overrides) {
        this(overrides, new MemoryServices(EMBEDDER, SupersedeJudge.NONE, 0, new SimpleMeterRegistry()));
    }

    MemoryIndexFixture(Map<String, Object> overrides, MemoryServices services) {
        this(overrides, services, new OfflineEnricher());
    }

    MemoryIndexFixture(Map<String, Object> overrides, MemoryServices services, Enricher enricher) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        try {
            stateDir = Files.createTempDirectory("memstream-index-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put(MemstreamConfig.STATE_DIR, stateDir.toString());
        settings.put(MemstreamConfig.MEMORY_EMBEDDING_THREADS, 0);
        settings.put(MemstreamConfig.ENRICHMENT_OFFLINE_THREADS, 0);
        settings.putAll(overrides);
        config = new MemstreamConfig(settings);
        scope = MemoryScope.of(config.memory().scope());
        driver = new TopologyTestDriver(MemstreamTopology.build(config,
                EnrichmentService.builder(config.enrichment(), services.registry()).enricher(enricher).build(), services,
                services.registry()),
                config.streamsProperties(), START);
        String url = config.schemaRegistryUrl();
        index = driver.createInputTopic(config.topics().memoryIndex(), new StringSerializer(),
                SpecificAvroSerde.forValues(MemoryIndexInput.class, url));
        commands = driver.createInputTopic(config.topics().commands(), new StringSerializer(),
                SpecificAvroSerde.forValues(MemoryCommand.class, url));
        rawCommands = driver.createInputTopic(config.topics().commands(), new ByteArraySerializer(), new ByteArraySerializer());
        memories = driver.createOutputTopic(config.topics().memories(), new StringDeserializer(),
                SpecificAvroSerde.forValues(EnhancedMemory.class, url));
        commandDeadLetters = driver.createOutputTopic(config.topics().deadLetterOf(config.topics().commands()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    MemoryIndexFixture() {
        this(Map.of());
    }

    /** A candidate as the enricher emits it: user, batch, content; agent null, importance 5, category other. */
    static EnhancedMemory.Builder candidate(String userId, String batchId, String content) {
        Instant seen = START.plusSeconds(Math.abs(batchId.hashCode() % 10_000));
        return EnhancedMemory.newBuilder()
                .setMemoryId(MemoryIds.of(userId, batchId, content))
                .setUserId(userId)
                .setAgentId(null)
                .setSessionId(batchId.split("#")[0])
                .setContent(content)
                .setSummary(content)
                .setCategory("other")
                .setPersona("default")
                .setImportance(5)
                .setQualityScore(3)
                .setConfidence(0.6)
                .setEntities(new ArrayList<Entity>())
                .setDates(new ArrayList<>())
                .setPeople(new ArrayList<>())
                .setTags(new ArrayList<>(List.of("other")))
                .setEmbedding(null)
                .setBatchIds(new ArrayList<>(List.of(batchId)))
                .setSourceMessageIds(new ArrayList<>(List.of(batchId + "/m1")))
                .setReinforcementCount(1)
                .setFirstSeen(seen)
                .setLastSeen(seen)
                .setExpiresAt(null)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel("offline")
                .setPromptVersion("test");
    }

    /** Sends the candidate to the index, embedded, keyed by its scope. */
    EnhancedMemory send(EnhancedMemory.Builder candidate) {
        EnhancedMemory memory = candidate.build();
        float[] vector = EMBEDDER.embed(memory.getContent());
        List<Float> embedding = new ArrayList<>(vector.length);
        for (float v : vector) {
            embedding.add(v);
        }
        memory.setEmbedding(embedding);
        index.pipeInput(scope.keyOf(memory), MemoryIndexInput.newBuilder().setCandidate(memory).setCommand(null).build());
        return memory;
    }

    void forgetUser(String userId) {
        commands.pipeInput(userId, command(MemoryCommandType.FORGET_USER, userId, null));
    }

    void forgetMemory(String userId, String memoryId) {
        commands.pipeInput(userId, command(MemoryCommandType.FORGET_MEMORY, userId, memoryId));
    }

    static MemoryCommand command(MemoryCommandType type, String userId, String memoryId) {
        return MemoryCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setType(type).setUserId(userId)
                .setMemoryId(memoryId).setRequestedAt(START).setReason(null).build();
    }

    /** Every record emitted since the last call, in order (value null = tombstone). */
    List<KeyValue<String, EnhancedMemory>> emitted() {
        return memories.readKeyValuesToList();
    }

    /** The final state of every memory emitted since the last call (tombstoned ones absent). */
    Map<String, EnhancedMemory> table() {
        Map<String, EnhancedMemory> table = new LinkedHashMap<>();
        for (KeyValue<String, EnhancedMemory> kv : emitted()) {
            if (kv.value == null) {
                table.remove(kv.key);
            } else {
                table.put(kv.key, kv.value);
            }
        }
        return table;
    }

    /** Keys of a store, for asserting what state is left. */
    List<String> storeKeys(String store) {
        KeyValueStore<String, Object> kv = driver.getKeyValueStore(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> all = kv.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /** Keys of the expiry index, without the task's event time that shares its store. */
    List<String> expiryKeys() {
        return storeKeys(TopologyNames.EXPIRY_STORE).stream()
                .filter(key -> !key.equals(MemoryIndexProcessor.EVENT_TIME_KEY)).toList();
    }

    List<String> indexedMemoryKeys() {
        return storeKeys(TopologyNames.MEMORIES_STORE);
    }

    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.drop(registryScope);
        FileTrees.deleteQuietly(stateDir);
    }
}
