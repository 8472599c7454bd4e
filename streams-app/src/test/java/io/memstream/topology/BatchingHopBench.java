package io.memstream.topology;

import io.memstream.batching.MessageValidator;
import io.memstream.batching.SessionBatcher;
import io.memstream.config.BatchingSettings;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedKafka;
import io.memstream.laptop.RawTransactionalCopy;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.schemas.internal.SessionState;
import io.memstream.serde.AvroWireFormat;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SchemaRegistries;
import io.memstream.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (no assertion; the name keeps it out of the surefire and failsafe runs): the cost of the
 * repartition by session_id in front of the batcher, and the batcher against Kafka itself. Run it alone on the machine (it starts a broker):
 * <pre>flock /tmp/memstream-heavy.lock ./mvnw -B -o -pl streams-app -am test -Dtest=BatchingHopBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false   # knobs: -Dbench.sessions=10000 -Dbench.rounds=3</pre>
 *
 * <p>An in-process KRaft broker holds a backlog of {@code bench.sessions} sessions of 20 messages on a 3-partition
 * chat-messages topic (Java default partitioner, key = session_id, so that the baseline batches correctly too). Each
 * run is a fresh Kafka Streams app (exactly-once v2, one stream thread, own application id, own output topic) with
 * either the production batching sub-topologies ({@link MemstreamTopology#batching}: validator, repartition, batcher)
 * or the baseline without the hop (validator straight into the batcher, same processors and stores). Time runs from
 * RUNNING until every batch is readable (read_committed) in the run's output topic. The third variant, "raw copy", is
 * what Kafka does with the same records and the same guarantee and nothing else: a plain consumer and a transactional
 * producer copying them, one transaction per poll ({@link RawTransactionalCopy}), timed from its first poll to its
 * last commit. One unreported run of each variant warms up the JIT; then the measured runs alternate (baseline, hop,
 * raw, then raw, hop, baseline, ...) so that a drift in the machine's load does not favour one side. Results go to stdout and to
 * {@code streams-app/target/benchmarks/batching-hop.md}.
 */
class BatchingHopBench {

    private static final int SESSIONS = Integer.getInteger("bench.sessions", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int PER_SESSION = 20;
    private static final int PARTITIONS = 3;
    private static final String MESSAGES = "chat-messages";
    private static final Instant START = Instant.parse("2026-03-05T09:00:00Z");
    private static final long TURN_SECONDS = 30;
    private static final String BASELINE = "baseline";
    private static final String HOP = "with hop";
    private static final String RAW = "raw copy";

    private record Run(String variant, int round, double seconds, double cpuSeconds, long batches) {
        double messagesPerSecond() {
            return batches * PER_SESSION / seconds;
        }
    }

    @Test
    void batchingThroughputWithAndWithoutTheRepartitionHop() throws Exception {
        String registry = "hop-bench-" + UUID.randomUUID();
        List<Run> runs = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topic(MESSAGES), topic(MESSAGES + "-dlq"));
            produceBacklog(kafka.bootstrapServers(), "mock://" + registry);
            // Unreported: the JIT and the broker's page cache warm up on the first runs, whichever variant they are.
            System.out.println("warm-up " + run(kafka, registry, false, -1));
            System.out.println("warm-up " + run(kafka, registry, true, -1));
            System.out.println("warm-up " + rawCopy(kafka, -1));
            for (int round = 0; round < ROUNDS; round++) {
                boolean baselineFirst = round % 2 == 0;
                for (String variant : baselineFirst ? List.of(BASELINE, HOP, RAW) : List.of(RAW, HOP, BASELINE)) {
                    runs.add(RAW.equals(variant) ? rawCopy(kafka, round) : run(kafka, registry, HOP.equals(variant), round));
                    System.out.println(runs.get(runs.size() - 1));
                }
            }
        } finally {
            MockSchemaRegistry.drop(registry);
        }
        report(runs);
    }

    /** The same records copied by a plain transactional consumer and producer, as bytes. */
    private static Run rawCopy(EmbeddedKafka kafka, int round) {
        String target = "raw-copy-" + (round < 0 ? "warmup" : round);
        kafka.createTopics(topic(target));
        long cpuBefore = processCpuNanos();
        RawTransactionalCopy.Result copy = RawTransactionalCopy.copy(kafka.bootstrapServers(), MESSAGES, target,
                (long) SESSIONS * PER_SESSION, Duration.ofMinutes(5));
        return new Run(RAW, round, copy.nanos() / 1e9, (processCpuNanos() - cpuBefore) / 1e9, SESSIONS);
    }

    private Run run(EmbeddedKafka kafka, String registry, boolean hop, int round) throws Exception {
        String variant = hop ? HOP : BASELINE;
        String id = (hop ? "hop" : "base") + "-" + (round < 0 ? "warmup" : round);
        String batchesTopic = "chat-batches-" + id;
        kafka.createTopics(topic(batchesTopic));
        Path stateDir = Files.createTempDirectory("hop-bench-");
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.APPLICATION_ID, "hop-bench-" + id);
        settings.put(MemstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + registry);
        settings.put(MemstreamConfig.STATE_DIR, stateDir.toString());
        settings.put(MemstreamConfig.TOPIC_BATCHES, batchesTopic);
        settings.put("replication.factor", 1);
        MemstreamConfig config = new MemstreamConfig(settings);
        Topology topology = hop ? MemstreamTopology.batching(config, new SimpleMeterRegistry()) : withoutHop(config);
        try (KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
             KafkaConsumer<byte[], byte[]> output = consumer(kafka.bootstrapServers(), batchesTopic)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (!streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                    throw new IllegalStateException("bench app stopped in state " + streams.state());
                }
                Thread.sleep(10);
            }
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            long batches = 0;
            long deadline = started + Duration.ofMinutes(5).toNanos();
            while (batches < SESSIONS) {
                batches += output.poll(Duration.ofMillis(100)).count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(variant + ": only " + batches + " of " + SESSIONS + " batches in 5 min");
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return new Run(variant, round, seconds, cpu, batches);
        } finally {
            Utils.delete(stateDir.toFile());
        }
    }

    /** The batcher fed by the validator directly: what batching cost before the repartition by session. */
    private static Topology withoutHop(MemstreamConfig config) {
        Map<String, Object> serdeConfig = config.serdeConfig();
        SpecificAvroSerde<ChatMessage> messages = serde(ChatMessage.class, serdeConfig);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BatchingSettings batching = config.batching();
        Topology topology = new Topology();
        topology.addSource(TopologyNames.MESSAGES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.topics().messages());
        topology.addProcessor(TopologyNames.MESSAGE_VALIDATOR,
                () -> new MessageValidator(messages, new AvroWireFormat(SchemaRegistries.fromConfig(serdeConfig)),
                        batching.messageMaxBytes(), TopologyNames.SESSION_BATCHER, TopologyNames.MESSAGES_DLQ_SINK,
                        meters),
                TopologyNames.MESSAGES_SOURCE);
        topology.addProcessor(TopologyNames.SESSION_BATCHER,
                () -> new SessionBatcher(messages, batching.size(), batching.maxBytes(), batching.idleTimeout(),
                        batching.idleCheckInterval(), batching.sessionRetention(), TopologyNames.SESSIONS_STORE,
                        TopologyNames.SEEN_MESSAGES_STORE, TopologyNames.BATCHES_SINK, TopologyNames.BATCHER_DLQ_SINK, meters),
                TopologyNames.MESSAGE_VALIDATOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopologyNames.SESSIONS_STORE),
                Serdes.String(), serde(SessionState.class, serdeConfig)), TopologyNames.SESSION_BATCHER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TopologyNames.SEEN_MESSAGES_STORE), Serdes.String(), Serdes.Long()),
                TopologyNames.SESSION_BATCHER);
        topology.addSink(TopologyNames.BATCHES_SINK, config.topics().batches(), new StringSerializer(),
                serde(MessageBatch.class, serdeConfig), TopologyNames.SESSION_BATCHER);
        topology.addSink(TopologyNames.MESSAGES_DLQ_SINK, config.topics().deadLetterOf(config.topics().messages()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.MESSAGE_VALIDATOR);
        topology.addSink(TopologyNames.BATCHER_DLQ_SINK, config.topics().deadLetterOf(config.topics().messages()),
                new ByteArraySerializer(), new ByteArraySerializer(), TopologyNames.SESSION_BATCHER);
        return topology;
    }

    private static void produceBacklog(String bootstrap, String registryUrl) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        SpecificAvroSerde<ChatMessage> values = SpecificAvroSerde.forValues(ChatMessage.class, registryUrl);
        try (KafkaProducer<String, ChatMessage> producer = new KafkaProducer<>(props, new StringSerializer(),
                values.serializer())) {
            // Sessions interleave, as live chat does: message i of every session, then message i + 1. A session's turns
            // are TURN_SECONDS apart in event time, well within batch.idle.timeout, so each session is one full batch.
            for (int i = 0; i < PER_SESSION; i++) {
                for (int s = 0; s < SESSIONS; s++) {
                    String session = "session-" + s;
                    ChatMessage message = ChatMessage.newBuilder()
                            .setMessageId("m" + i).setSessionId(session).setUserId("user-" + (s % 500))
                            .setRole(i % 2 == 0 ? Role.USER : Role.ASSISTANT)
                            .setContent("Message " + i + " of " + session + ": I moved to Lyon last spring and I "
                                    + "start a new job at the hospital next Monday.")
                            .setTimestamp(START.plusSeconds(TURN_SECONDS * i).plusMillis(s)).setTimezone("Europe/Paris")
                            .setType(MessageType.MESSAGE).build();
                    producer.send(new ProducerRecord<>(MESSAGES, session, message));
                }
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static NewTopic topic(String name) {
        return new NewTopic(name, Optional.of(PARTITIONS), Optional.of((short) 1));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(
            Class<T> type, Map<String, Object> config) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }

    private static double cpuPerMessage(List<Run> runs) {
        return runs.stream().mapToDouble(r -> r.cpuSeconds() * 1e6 / (r.batches() * PER_SESSION)).average().orElseThrow();
    }

    private static double median(List<Run> runs) {
        double[] rates = runs.stream().mapToDouble(Run::messagesPerSecond).sorted().toArray();
        return rates.length % 2 == 1 ? rates[rates.length / 2]
                : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    }

    private static void report(List<Run> runs) throws IOException {
        Function<String, List<Run>> of = variant -> runs.stream().filter(r -> r.variant().equals(variant)).toList();
        double base = of.apply(BASELINE).stream().mapToDouble(Run::messagesPerSecond).average().orElseThrow();
        double hop = of.apply(HOP).stream().mapToDouble(Run::messagesPerSecond).average().orElseThrow();
        double raw = of.apply(RAW).stream().mapToDouble(Run::messagesPerSecond).average().orElseThrow();
        double baseCpu = cpuPerMessage(of.apply(BASELINE));
        double hopCpu = cpuPerMessage(of.apply(HOP));
        double rawCpu = cpuPerMessage(of.apply(RAW));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %d cores, JDK %s, load average at the end %.2f. %d sessions x %d "
                        + "messages, %d partitions, exactly_once_v2, one stream thread.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), SESSIONS, PER_SESSION, PARTITIONS));
        md.append("| run | variant | seconds | messages/s | CPU µs per message (whole JVM, broker included) |\n");
        md.append("|---:|---|---:|---:|---:|\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.0f | %.1f |%n", i + 1, r.variant(), r.seconds(),
                    r.messagesPerSecond(), r.cpuSeconds() * 1e6 / (r.batches() * PER_SESSION)));
        }
        double baseMedian = median(of.apply(BASELINE));
        double hopMedian = median(of.apply(HOP));
        double rawMedian = median(of.apply(RAW));
        md.append(String.format(Locale.ROOT, "%nMean: baseline %.0f messages/s, with hop %.0f messages/s: ratio %.2f "
                + "(hop / baseline). Median: baseline %.0f, with hop %.0f: ratio %.2f. CPU per message: baseline "
                + "%.1f µs, with hop %.1f µs (x%.2f).%n",
                base, hop, hop / base, baseMedian, hopMedian, hopMedian / baseMedian, baseCpu, hopCpu, hopCpu / baseCpu));
        md.append(String.format(Locale.ROOT, "%nAgainst Kafka itself: raw transactional copy %.0f messages/s (mean), median "
                + "%.0f, CPU %.1f µs per message. Batching with hop / raw copy: ratio %.2f (mean), %.2f (median).%n",
                raw, rawMedian, rawCpu, hop / raw, hopMedian / rawMedian));
        System.out.println(md);
        Path out = Path.of("target", "benchmarks", "batching-hop.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }
}
