package io.memstream.laptop;

import io.memstream.config.MemstreamConfig;
import io.memstream.feed.ProcessingWatcher;
import io.memstream.feed.Progress;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows one benchmark run of the pipeline from the outside, until the last memory is in PostgreSQL: when each batch
 * became readable in the batches topic, when each memory reached the memories topic in its final version, and when each
 * row reached the table (polled every 200 ms, so times are to within that). The run is over when the app has committed
 * every input record, its enrichment and embedding queues are empty, the table holds exactly the topic's memories (by
 * id and last_seen), and nothing has changed for {@value #QUIET_MS} ms, the app RUNNING all along (a rebalance closes
 * tasks, and a closed task's queue does not count until it is re-driven); that quiet time is not counted.
 */
final class PipelineWatch {

    private static final long QUIET_MS = 3_000;
    private static final long TABLE_POLL_NANOS = 200_000_000L;

    /** What the run did, times in nanoseconds from its start. */
    record Outcome(long batches, long rows, long inputCommittedAt, long lastBatchAt, long lastMemoryAt, long lastRowAt,
                   List<Long> batchToRowNanos, long peakHeapBytes, int rebalances) {
    }

    private final MemstreamConfig config;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Map<TopicPartition, Long> published;
    private final LongSupplier queued;
    private final BooleanSupplier running;

    private final Map<String, Long> batchSeen = new HashMap<>();
    /** Memory id → its latest version on the topic (null: deleted) and the first batch it came from. */
    private final Map<String, Long> topicLastSeen = new HashMap<>();
    private final Map<String, String> firstBatch = new HashMap<>();
    private final Map<String, Long> rowFirstSeen = new HashMap<>();
    private Map<String, Long> tableLastSeen = Map.of();

    /**
     * @param published the last offset of each partition of the input
     * @param queued batches and memories waiting inside the app (the enrichment and embedding queues)
     * @param running whether the app is RUNNING (not rebalancing)
     */
    PipelineWatch(MemstreamConfig config, String jdbcUrl, String user, String password,
                  Map<TopicPartition, Long> published, LongSupplier queued, BooleanSupplier running) {
        this.config = config;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.published = published;
        this.queued = queued;
        this.running = running;
    }

    /** Memories waiting for their embedding in the app instance whose meters are {@code registry} (the embedder's gauge). */
    static long embeddingQueue(MeterRegistry registry) {
        Gauge gauge = registry.find(MetricNames.MEMORY_EMBEDDING_QUEUE).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    /** Follows the run that started at {@code start} (System.nanoTime) until it is over, or fails after {@code timeout}. */
    Outcome await(long start, Duration timeout, String label, Progress progress) throws Exception {
        long deadline = start + timeout.toNanos();
        String bootstrap = config.getString(MemstreamConfig.BOOTSTRAP_SERVERS);
        SpecificAvroSerde<MessageBatch> batches = serde(MessageBatch.class);
        SpecificAvroSerde<EnhancedMemory> memories = serde(EnhancedMemory.class);
        long inputCommittedAt = -1;
        long lastBatchAt = 0;
        long lastMemoryAt = 0;
        long lastRowAt = 0;
        long lastTablePoll = 0;
        long peakHeap = 0;
        long lastWaiting = -1;
        long unsettledAt = 0;
        boolean wasRunning = true;
        int rebalances = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = outputReader(bootstrap);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            ProcessingWatcher watcher = new ProcessingWatcher(admin);
            String group = config.getString(MemstreamConfig.APPLICATION_ID);
            List<TopicPartition> outputs = new ArrayList<>();
            for (String topic : List.of(config.topics().batches(), config.topics().memories())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> outputs.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(outputs);
            consumer.seekToBeginning(outputs);
            while (true) {
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long at = System.nanoTime() - start;
                    if (r.topic().equals(config.topics().batches())) {
                        batchSeen.putIfAbsent(batches.deserializer().deserialize(r.topic(), r.value()).getBatchId(), at);
                        lastBatchAt = at;
                    } else {
                        String id = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                        EnhancedMemory memory = r.value() == null ? null : memories.deserializer().deserialize(r.topic(), r.value());
                        topicLastSeen.put(id, memory == null ? null : memory.getLastSeen().toEpochMilli());
                        if (memory != null && !memory.getBatchIds().isEmpty()) {
                            firstBatch.putIfAbsent(id, memory.getBatchIds().get(0));
                        }
                        lastMemoryAt = at;
                    }
                }
                now = System.nanoTime();
                peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                if (now - lastTablePoll >= TABLE_POLL_NANOS) {
                    lastTablePoll = now;
                    Map<String, Long> table = tableState(db);
                    long at = System.nanoTime() - start;
                    if (!table.equals(tableLastSeen)) {
                        lastRowAt = at;
                        table.keySet().forEach(id -> rowFirstSeen.putIfAbsent(id, at));
                        tableLastSeen = table;
                    }
                    if (inputCommittedAt < 0 && watcher.behind(group, published) == 0) {
                        inputCommittedAt = at;
                    }
                }
                long waiting = queued.getAsLong();
                boolean isRunning = running.getAsBoolean();
                if (waiting != lastWaiting || !isRunning) {
                    unsettledAt = System.nanoTime() - start;
                    lastWaiting = waiting;
                }
                if (wasRunning && !isRunning) {
                    rebalances++;
                }
                wasRunning = isRunning;
                long live = topicLastSeen.values().stream().filter(Objects::nonNull).count();
                progress.status(String.format(Locale.ROOT, "%s: %.0f s, input %s, %d batches, %d memories, %d rows in "
                                + "PostgreSQL, %d waiting in the app", label, (now - start) / 1e9,
                        inputCommittedAt < 0 ? "being read" : "all committed", batchSeen.size(), live, tableLastSeen.size(),
                        waiting) + (isRunning ? "" : ", rebalancing"));
                long lastChange = Math.max(Math.max(lastBatchAt, unsettledAt), Math.max(lastMemoryAt, lastRowAt));
                if (inputCommittedAt >= 0 && waiting == 0 && tableMatchesTopic()
                        && now - start - lastChange >= QUIET_MS * 1_000_000L) {
                    progress.endStatus();
                    return new Outcome(batchSeen.size(), tableLastSeen.size(), inputCommittedAt, lastBatchAt, lastMemoryAt,
                            lastRowAt, latencies(), peakHeap, rebalances);
                }
                if (now > deadline) {
                    throw new IllegalStateException(label + ": not done after " + timeout + ": " + batchSeen.size()
                            + " batches, " + live + " memories on " + config.topics().memories() + ", " + tableLastSeen.size()
                            + " rows in PostgreSQL, " + waiting + " waiting in the app");
                }
            }
        }
    }

    private boolean tableMatchesTopic() {
        Map<String, Long> live = new HashMap<>();
        topicLastSeen.forEach((id, lastSeen) -> {
            if (lastSeen != null) {
                live.put(id, lastSeen);
            }
        });
        return !live.isEmpty() && live.equals(tableLastSeen);
    }

    /** For each memory: from its first batch being readable to its row being in the table. */
    private List<Long> latencies() {
        List<Long> latencies = new ArrayList<>();
        rowFirstSeen.forEach((id, rowAt) -> {
            Long batchAt = batchSeen.get(firstBatch.get(id));
            if (batchAt != null) {
                latencies.add(rowAt - batchAt);
            }
        });
        latencies.sort(null);
        return latencies;
    }

    private static Map<String, Long> tableState(Connection db) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT memory_id, last_seen FROM memories")) {
            while (rs.next()) {
                Instant lastSeen = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                rows.put(rs.getString(1), lastSeen.toEpochMilli());
            }
        }
        return rows;
    }

    private KafkaConsumer<byte[], byte[]> outputReader(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "memstream-bench-watch-" + UUID.randomUUID());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config.serdeConfig(), false);
        return serde;
    }
}
