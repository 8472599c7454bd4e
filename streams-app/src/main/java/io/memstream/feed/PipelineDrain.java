package io.memstream.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.config.MemstreamConfig;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyNames;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits until everything published so far has gone all the way through: batched, enriched, embedded, indexed and
 * written to PostgreSQL. Each stage is checked on its own evidence, never by sleeping: the app's
 * committed offsets for the messages, their repartition by session and the batches, then the table against the
 * memories topic.
 */
public final class PipelineDrain {

    /** What the pipeline produced: every batch, and the final state of every memory (absent = deleted). */
    public record Outcome(List<MessageBatch> batches, Map<String, EnhancedMemory> memories, List<ObjectNode> rows) {
    }

    private final MemstreamConfig config;
    private final String bootstrapServers;
    private final MemoriesTableReader table;

    public PipelineDrain(MemstreamConfig config, MemoriesTableReader table) {
        this.config = config;
        this.bootstrapServers = config.getString(MemstreamConfig.BOOTSTRAP_SERVERS);
        this.table = table;
    }

    /** Waits until the records up to {@code published} (offsets in the messages topic) are in PostgreSQL. */
    public Outcome await(Map<TopicPartition, Long> published, Duration timeout, Progress progress) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String group = config.getString(MemstreamConfig.APPLICATION_ID);
        TopicReader.Snapshot<String, MessageBatch> batches;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ProcessingWatcher watcher = new ProcessingWatcher(admin);
            watcher.awaitProcessed(group, published, remaining(deadline),
                    behind -> progress.status("batching: " + behind + " message offsets to go"));
            progress.endStatus();
            // The messages are validated and in the repartition by session; the batcher must have read them too.
            TopicReader.Snapshot<byte[], byte[]> bySession = TopicReader.readAll(bootstrapServers,
                    TopologyNames.messagesBySessionTopic(group), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            watcher.awaitProcessed(group, bySession.lastOffsets(), remaining(deadline),
                    behind -> progress.status("batching: " + behind + " session offsets to go"));
            progress.endStatus();

            // Batching is done, so the batches topic is complete up to here.
            batches = TopicReader.readAll(bootstrapServers, config.topics().batches(), new StringDeserializer(),
                    serde(MessageBatch.class));
            watcher.awaitProcessed(group, batches.lastOffsets(), remaining(deadline),
                    behind -> progress.status("enriching: " + behind + " batch offsets to go"));
            progress.endStatus();
            awaitEnrichmentQueueEmpty(admin, group, deadline, progress);
            awaitMemoryIndex(watcher, group, deadline, progress);
        }

        Outcome written = awaitTable(deadline, progress);
        progress.endStatus();

        return new Outcome(batches.records().stream().map(ConsumerRecord::value).toList(), written.memories(), written.rows());
    }

    /**
     * Consumed batches may still wait for an LLM call in the enrichment queue store. An entry leaves the store in
     * the transaction that forwards its memories, so once the store's changelog holds only tombstones (read
     * committed) every consumed batch's memories are in the memories topic.
     */
    private void awaitEnrichmentQueueEmpty(Admin admin, String applicationId, long deadline, Progress progress)
            throws Exception {
        String changelog = applicationId + "-" + TopologyNames.ENRICHMENT_QUEUE_STORE + "-changelog";
        if (!admin.listTopics().names().get().contains(changelog)) {
            return;
        }
        while (true) {
            Map<String, Boolean> queued = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrapServers, changelog,
                    new StringDeserializer(), new ByteArrayDeserializer()).records()) {
                queued.put(r.key(), r.value() != null);
            }
            long waiting = queued.values().stream().filter(Boolean::booleanValue).count();
            progress.status("enriching: " + waiting + " batches in the LLM queue");
            if (waiting == 0) {
                progress.endStatus();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting + " batches still wait for enrichment in " + changelog
                        + "; are the LLM providers reachable? see the app's log and memstream_enrichment_* metrics");
            }
            Thread.sleep(250);
        }
    }

    /**
     * Memory index: memories wait for their embedding in the embedder's changelogged queue, then go through
     * memory-index-input to the index. An empty queue (committed) means every memory is in memory-index-input, as the
     * embedder forwards and dequeues in one transaction; then the index must have committed past its end.
     */
    private void awaitMemoryIndex(ProcessingWatcher watcher, String group, long deadline, Progress progress)
            throws InterruptedException {
        String queueChangelog = group + "-" + TopologyNames.EMBEDDING_QUEUE_STORE + "-changelog";
        while (true) {
            Map<String, Boolean> waiting = new LinkedHashMap<>();
            TopicReader.readAll(bootstrapServers, queueChangelog, new StringDeserializer(),
                    new ByteArrayDeserializer()).records()
                    .forEach(r -> waiting.put(r.partition() + "/" + r.key(), r.value() != null));
            long pending = waiting.values().stream().filter(Boolean::booleanValue).count();
            progress.status("embedding: " + pending + " memories waiting");
            if (pending == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending + " memories still wait for their embedding; see the app's log");
            }
            Thread.sleep(250);
        }
        progress.endStatus();
        TopicReader.Snapshot<byte[], byte[]> indexInput = TopicReader.readAll(bootstrapServers, config.topics().memoryIndex(),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        watcher.awaitProcessed(group, indexInput.lastOffsets(), remaining(deadline),
                behind -> progress.status("indexing: " + behind + " memory offsets to go"));
        progress.endStatus();
    }

    /** The final state of every memory on the memories topic (tombstoned ones absent). */
    private Map<String, EnhancedMemory> memoriesTopicState() {
        Map<String, EnhancedMemory> memories = new LinkedHashMap<>();
        for (ConsumerRecord<String, EnhancedMemory> r : TopicReader.readAll(bootstrapServers, config.topics().memories(),
                new StringDeserializer(), serde(EnhancedMemory.class)).records()) {
            if (r.value() == null) {
                memories.remove(r.key());
            } else {
                memories.put(r.key(), r.value());
            }
        }
        return memories;
    }

    /** Waits until the table holds exactly the topic's memories; the topic is re-read, as expiry may delete some meanwhile. */
    private Outcome awaitTable(long deadline, Progress progress) throws SQLException, InterruptedException {
        while (true) {
            Map<String, EnhancedMemory> expected = memoriesTopicState();
            List<ObjectNode> rows = table.rows();
            long matching = rows.stream().filter(row -> matches(row, expected.get(row.path("memory_id").asText()))).count();
            progress.status("PostgreSQL: " + matching + "/" + expected.size() + " memories written");
            if (matching == expected.size() && rows.size() == expected.size()) {
                return new Outcome(List.of(), expected, rows);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL holds " + rows.size() + " rows, " + matching + " of the "
                        + expected.size() + " expected memories; check the sink connector's status and "
                        + config.topics().deadLetterOf(config.topics().memories()));
            }
            Thread.sleep(250);
        }
    }

    /** A row is the memory's latest version when its last_seen and batch ids agree with it. */
    private static boolean matches(ObjectNode row, EnhancedMemory memory) {
        if (memory == null) {
            return false;
        }
        List<String> batchIds = new ArrayList<>();
        row.path("batch_ids").forEach(n -> batchIds.add(n.asText()));
        JsonNode lastSeen = row.path("last_seen");
        return Objects.equals(batchIds, memory.getBatchIds())
                && lastSeen.isTextual() && java.time.Instant.parse(lastSeen.asText()).equals(memory.getLastSeen());
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config.serdeConfig(), false);
        return serde;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** Batches counted by how they were closed. */
    public static Map<String, Integer> batchesByClosedBy(List<MessageBatch> batches) {
        Map<String, Integer> counts = new HashMap<>();
        batches.forEach(b -> counts.merge(b.getClosedBy().name(), 1, Integer::sum));
        return counts;
    }
}
