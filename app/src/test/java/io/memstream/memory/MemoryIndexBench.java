package io.memstream.memory;

import io.memstream.config.BoundedRocksDbConfig;
import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.enrichment.OfflineEnricher;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.internal.MemoryIndexInput;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.MemstreamTopology;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of the memory index, not a test (no assertion; the name keeps it out of the surefire and failsafe runs).
 * Run it with
 * <pre>./mvnw -B -o -pl streams-app -am test -Dtest=MemoryIndexBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * It drives the real topology in a TopologyTestDriver, whose persistent stores are real RocksDB stores configured by
 * {@link BoundedRocksDbConfig}, and writes its results to {@code streams-app/target/benchmarks/memory-index.md}.
 *
 * <ul>
 *   <li>Decision latency: one scope is filled with N memories (100, 1,000, 10,000), with {@code memory.max.per.scope=N}
 *       so that every new memory also evicts one and the scope stays at N; then candidates are sent one by one, 80%
 *       new statements and 20% near-paraphrases of an indexed memory (reinforcements). Per candidate: the time of
 *       {@code pipeInput} (Avro decode, decision, RocksDB writes, output encode: an upper bound of the decision) and
 *       the index's own {@value MetricNames#MEMORY_DECISION} timer (decision and state writes only). Also the time to
 *       rebuild the scope's in-memory view from RocksDB (prefix scan and Avro decode), paid by the first record of a
 *       scope after a restart, a rebalance or an eviction from {@code memory.index.cache.bytes}.</li>
 *   <li>Embeddings are precomputed: seeded random unit vectors of 384 dimensions (the cost of a similarity scan does not
 *       depend on the values), paraphrases at cosine about 0.9 of their original. The embedding itself is measured
 *       apart: all-MiniLM-L6-v2 on sentences of memory length.</li>
 *   <li>On-disk size: {@code bench.disk.memories} memories (default 50,000, over 50 scopes) are indexed, the stores are
 *       flushed (memtables written to SST files), and the size of the index's store directories is scaled to a million.</li>
 * </ul>
 */
class MemoryIndexBench {

    private static final int DIMENSION = 384;
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 1_000);
    private static final int MEASURED = Integer.getInteger("bench.decisions", 3_000);
    private static final int DISK_MEMORIES = Integer.getInteger("bench.disk.memories", 50_000);

    private final Random random = new Random(42);
    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try {
            line("## Memory index: decision latency and on-disk size");
            line("");
            line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                    + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB. Warm-up " + WARM_UP
                    + ", then " + MEASURED + " measured candidates per size; 80% new, 20% near-paraphrases.");
            line("");
            line("| memories in the scope | pipeInput p50 | pipeInput p99 | pipeInput max | decision timer mean | decision timer max "
                    + "| cold load of the scope |");
            line("|---|---|---|---|---|---|---|");
            for (int size : new int[] {100, 1_000, 10_000}) {
                decisionLatency(size, registry);
            }
            line("");
            embeddingLatency();
            line("");
            diskSize();
        } finally {
            registry.close();
        }
        Path out = Path.of("target", "benchmarks", "memory-index.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private void decisionLatency(int size, SimpleMeterRegistry registry) {
        try (Bench bench = new Bench(Map.of(MemstreamConfig.MEMORY_MAX_PER_SCOPE, size), registry)) {
            List<float[]> indexed = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                indexed.add(bench.send("alice", "fill-" + i, randomUnit()));
            }
            long[] samples = new long[MEASURED];
            double totalBefore = 0;
            long countBefore = 0;
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                if (i == WARM_UP) {
                    totalBefore = totalNanos(registry);
                    countBefore = count(registry);
                }
                boolean paraphrase = i % 5 == 0;
                float[] vector = paraphrase ? near(indexed.get(random.nextInt(indexed.size()))) : randomUnit();
                long start = System.nanoTime();
                bench.send("alice", (paraphrase ? "again-" : "new-") + i, vector);
                long took = System.nanoTime() - start;
                if (i >= WARM_UP) {
                    samples[i - WARM_UP] = took;
                }
                if (!paraphrase) {
                    indexed.set(random.nextInt(indexed.size()), vector);
                }
            }
            Arrays.sort(samples);
            double decisionMean = (totalNanos(registry) - totalBefore) / Math.max(1, count(registry) - countBefore);
            double decisionMax = registry.find(MetricNames.MEMORY_DECISION).timers().stream()
                        .mapToDouble(t -> t.max(TimeUnit.NANOSECONDS)).max().orElse(0);
            line(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |", size, ms(samples[samples.length / 2]),
                    ms(samples[(int) (samples.length * 0.99)]), ms(samples[samples.length - 1]), ms(decisionMean), ms(decisionMax),
                    ms(coldLoad(bench))));
        }
    }

    /** Time to rebuild the scope's in-memory view from RocksDB, as the first record of a scope after a restart does. */
    private static long coldLoad(Bench bench) {
        org.apache.kafka.streams.state.KeyValueStore<String, EnhancedMemory> store =
                bench.driver.getKeyValueStore(TopologyNames.MEMORIES_STORE);
        String scopeKey = MemoryScope.userPrefix("alice");
        long start = System.nanoTime();
        ScopeView view = new ScopeView(scopeKey);
        try (var all = store.prefixScan(MemoryScope.storePrefix(scopeKey), new StringSerializer())) {
            all.forEachRemaining(kv -> view.put(kv.value));
        }
        return System.nanoTime() - start;
    }

    private static double totalNanos(SimpleMeterRegistry registry) {
        return registry.find(MetricNames.MEMORY_DECISION).timers().stream().mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS)).sum();
    }

    private static long count(SimpleMeterRegistry registry) {
        return registry.find(MetricNames.MEMORY_DECISION).timers().stream().mapToLong(Timer::count).sum();
    }

    private void embeddingLatency() {
        Embedder embedder = Embedders.local();
        embedder.embed("warm up the model");
        int n = 200;
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            String sentence = "I really enjoy hiking in the mountains with my sister Anna, memory number " + i + ".";
            long start = System.nanoTime();
            embedder.embed(sentence);
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        line(String.format(Locale.ROOT, "Embedding one memory with all-MiniLM-L6-v2 (in-process, ONNX runtime): p50 %s, p99 %s "
                + "over %d sentences of ~90 characters.", ms(samples[n / 2]), ms(samples[(int) (n * 0.99)]), n));
    }

    private void diskSize() throws IOException {
        int scopes = Math.max(1, DISK_MEMORIES / 1_000);
        long memories;
        long expiry;
        try (Bench bench = new Bench(Map.of(), new SimpleMeterRegistry())) {
            for (int i = 0; i < DISK_MEMORIES; i++) {
                bench.send("user-" + (i % scopes), "disk-" + i, randomUnit());
            }
            // Kafka Streams runs RocksDB without a write-ahead log: until a flush the data is only in memtables.
            bench.driver.getKeyValueStore(TopologyNames.MEMORIES_STORE).flush();
            bench.driver.getKeyValueStore(TopologyNames.EXPIRY_STORE).flush();
            memories = sizeOf(bench.stateDir, TopologyNames.MEMORIES_STORE);
            expiry = sizeOf(bench.stateDir, TopologyNames.EXPIRY_STORE);
        }
        double perMillion = (memories + expiry) * (1_000_000.0 / DISK_MEMORIES);
        line(String.format(Locale.ROOT, "On disk: %,d memories (%d scopes, 384-float embeddings, no expiry) take %.1f MB in %s "
                        + "and %.1f MB in %s after a flush of the memtables: %.0f bytes per memory, so about "
                        + "%.2f GB per million memories, before the changelog topic (compacted, about the same size).",
                DISK_MEMORIES, scopes, memories / 1e6, TopologyNames.MEMORIES_STORE, expiry / 1e6, TopologyNames.EXPIRY_STORE,
                (memories + expiry) / (double) DISK_MEMORIES, perMillion / 1e9));
    }

    private static long sizeOf(Path stateDir, String store) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().contains("/" + store + "/")).toList()) {
                total += Files.size(file);
            }
        }
        return total;
    }

    private float[] randomUnit() {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Embedders.normalised(v);
    }

    /** A vector at cosine about 0.9 of {@code original}. */
    private float[] near(float[] original) {
        float[] noise = randomUnit();
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = 0.9f * original[i] + 0.436f * noise[i];
        }
        return Embedders.normalised(v);
    }

    private static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    /** The topology in a driver, fed at memory-index-input. */
    private static final class Bench implements AutoCloseable {
        final Path stateDir;
        final TopologyTestDriver driver;
        final TestInputTopic<String, MemoryIndexInput> index;
        final String registryScope = "memory-bench-" + UUID.randomUUID();
        int sequence;

        Bench(Map<String, Object> overrides, MeterRegistry registry) {
            try {
                stateDir = Files.createTempDirectory("memstream-bench-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Object> settings = new HashMap<>(overrides);
            settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
            settings.put(MemstreamConfig.STATE_DIR, stateDir.toString());
            MemstreamConfig config = new MemstreamConfig(settings);
            Embedder unused = new Embedder() {
                @Override
                public float[] embed(String text) {
                    throw new IllegalStateException("the benchmark sends precomputed embeddings");
                }

                @Override
                public String name() {
                    return "precomputed";
                }
            };
            driver = new TopologyTestDriver(MemstreamTopology.build(config,
                    EnrichmentService.builder(config.enrichment(), registry).enricher(new OfflineEnricher()).build(),
                    new MemoryServices(unused, SupersedeJudge.NONE, 0, registry), registry), config.streamsProperties());
            index = driver.createInputTopic(config.topics().memoryIndex(), new StringSerializer(),
                    SpecificAvroSerde.forValues(MemoryIndexInput.class, config.schemaRegistryUrl()));
        }

        float[] send(String user, String batch, float[] vector) {
            List<Float> embedding = new ArrayList<>(vector.length);
            for (float f : vector) {
                embedding.add(f);
            }
            EnhancedMemory memory = MemoryIndexFixture.candidate(user, batch + "#0",
                    "I keep thing number " + (++sequence) + " of kind " + batch + " in my garage.")
                    .setEmbedding(embedding).build();
            index.pipeInput(MemoryScope.USER.keyOf(memory), MemoryIndexInput.newBuilder().setCandidate(memory).setCommand(null).build());
            return vector;
        }

        @Override
        public void close() {
            driver.close();
            MockSchemaRegistry.drop(registryScope);
        }
    }
}
