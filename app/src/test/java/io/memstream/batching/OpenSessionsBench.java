package io.memstream.batching;

import io.memstream.app.FileTrees;
import io.memstream.config.BatchingSettings;
import io.memstream.config.MemstreamConfig;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.schemas.internal.SessionState;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of the batcher with many open sessions, not a test (no assertion; the name keeps it out of the surefire
 * run). Run it under the heap it claims to need:
 * <pre>./mvnw -B -o -pl app -am test -Dtest=OpenSessionsBench -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx512m</pre>
 * {@code -Dbench.sessions} (default 1,000,000) sessions get {@code -Dbench.messages} (default 3) messages each, so
 * every one stays open; then the wall clock passes the idle timeout and every session's batch closes. The batcher's
 * state is in its real RocksDB stores, bounded by memstream's RocksDB settings; the closed batches go to a processor
 * that counts them, and the stores have no changelog (a test driver keeps every record it produces in the heap, which
 * Kafka's producer does not).
 * Prints heap after a full GC, RSS, the stores' size on disk, and the time of the idle close.
 */
class OpenSessionsBench {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void openSessionsAtScale() throws IOException {
        int sessions = Integer.getInteger("bench.sessions", 1_000_000);
        int perSession = Integer.getInteger("bench.messages", 3);
        Path stateDir = Files.createTempDirectory("memstream-open-sessions-");
        Map<String, Object> settings = Map.of(
                MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://open-sessions-" + UUID.randomUUID(),
                MemstreamConfig.STATE_DIR, stateDir.toString(),
                MemstreamConfig.BATCH_IDLE_TIMEOUT, "10m",
                MemstreamConfig.BATCH_IDLE_CHECK_INTERVAL, "30s");
        MemstreamConfig config = new MemstreamConfig(settings);
        long[] closed = new long[1];
        try (TopologyTestDriver driver = new TopologyTestDriver(batcherAlone(config, closed), config.streamsProperties(), START)) {
            TestInputTopic<String, ChatMessage> in = driver.createInputTopic(config.topics().messages(), new StringSerializer(),
                    SpecificAvroSerde.forValues(ChatMessage.class, config.schemaRegistryUrl()));
            long ingestStart = System.nanoTime();
            for (int round = 0; round < perSession; round++) {
                for (int s = 0; s < sessions; s++) {
                    String session = "session-" + s;
                    in.pipeInput(session, message(session, round, s));
                }
                System.out.printf(Locale.ROOT, "  round %d of %d: %d messages in %.0f s%n", round + 1, perSession,
                        (long) sessions * (round + 1), (System.nanoTime() - ingestStart) / 1e9);
            }
            double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
            Memory open = Memory.now(stateDir);

            long closeStart = System.nanoTime();
            driver.advanceWallClockTime(Duration.ofMinutes(11));
            double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
            Memory afterClose = Memory.now(stateDir);

            String report = String.join("\n",
                    "## Open sessions: " + sessions + " sessions of " + perSession + " messages",
                    "",
                    String.format(Locale.ROOT, "- max heap %d MB; ingest %.0f s (%.0f messages/s through the batcher, test driver)",
                            Runtime.getRuntime().maxMemory() >> 20, ingestSeconds, sessions * (double) perSession / ingestSeconds),
                    String.format(Locale.ROOT, "- all open: heap after full GC %d MB, RSS %d MB, stores on disk %d MB",
                            open.heapMb, open.rssMb, open.diskMb),
                    String.format(Locale.ROOT, "- idle close of every session: %.1f s for %d batches (%.0f sessions/s)",
                            closeSeconds, closed[0], closed[0] / closeSeconds),
                    String.format(Locale.ROOT, "- after the close: heap after full GC %d MB, RSS %d MB, stores on disk %d MB",
                            afterClose.heapMb, afterClose.rssMb, afterClose.diskMb),
                    "");
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "open-sessions.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            FileTrees.deleteQuietly(stateDir);
        }
    }

    private static ChatMessage message(String session, int round, int s) {
        return ChatMessage.newBuilder()
                .setMessageId(session + "-m" + round)
                .setSessionId(session)
                .setUserId("user-" + (s % 50_000))
                .setRole(round % 2 == 0 ? Role.USER : Role.ASSISTANT)
                .setContent("Message " + round + " of " + session + ": we are flying to Lisbon on the 17th with my sister Ana.")
                .setTimestamp(START.plusSeconds(round))
                .setTimezone("Europe/Lisbon")
                .setType(MessageType.MESSAGE)
                .build();
    }

    /** Validator and batcher as the topology wires them, minus the repartition; closed batches are counted. */
    private static Topology batcherAlone(MemstreamConfig config, long[] closed) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        SpecificAvroSerde<ChatMessage> messages = new SpecificAvroSerde<>(ChatMessage.class);
        messages.configure(serdeConfig, false);
        SpecificAvroSerde<SessionState> states = new SpecificAvroSerde<>(SessionState.class);
        states.configure(serdeConfig, false);
        String counter = "closed-batch-counter";
        BatchingSettings batching = config.batching();
        Topology topology = new Topology();
        topology.addSource(TopologyNames.MESSAGES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                config.topics().messages());
        topology.addProcessor(TopologyNames.SESSION_BATCHER,
                () -> new SessionBatcher(messages, batching.size(), batching.maxBytes(), batching.idleTimeout(),
                        batching.idleCheckInterval(), batching.sessionRetention(), TopologyNames.SESSIONS_STORE,
                        TopologyNames.SEEN_MESSAGES_STORE, counter, counter, new SimpleMeterRegistry()),
                TopologyNames.MESSAGES_SOURCE);
        topology.addProcessor(counter, () -> (Processor<String, Object, Void, Void>) (Record<String, Object> record) -> {
            if (record.value() instanceof MessageBatch) {
                closed[0]++;
            }
        }, TopologyNames.SESSION_BATCHER);
        // No changelogs: the test driver's producer keeps every record it is given, which Kafka's does not.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.SESSIONS_STORE),
                Serdes.String(), states).withLoggingDisabled(), TopologyNames.SESSION_BATCHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SEEN_MESSAGES_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled(), TopologyNames.SESSION_BATCHER);
        return topology;
    }

    private record Memory(long heapMb, long rssMb, long diskMb) {

        static Memory now(Path stateDir) throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Memory(heap >> 20, rssKb() >> 10, size(stateDir) >> 20);
        }

        private static long rssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        private static long size(Path dir) throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            }
        }
    }
}
