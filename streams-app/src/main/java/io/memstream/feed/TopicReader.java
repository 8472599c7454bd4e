package io.memstream.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic as it stands now, committed transactions only, without joining a consumer group.
 *
 * <p>"Now" includes every transaction that had written to the topic when the read began: the read waits until they
 * have ended. A transaction's commit becomes visible partition by partition, so its consumer offsets can be readable
 * (a stage looks done) while the records it produced are not yet: a reader that stopped at the first committed end
 * would miss them.
 */
public final class TopicReader {

    /** The records, and the offset of the last data record of each partition that has any. */
    public record Snapshot<K, V>(List<ConsumerRecord<K, V>> records, Map<TopicPartition, Long> lastOffsets) {
    }

    /** Longer than a transaction ever stays open in a healthy app; Kafka Streams' transaction timeout is 10 s. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private TopicReader() {
    }

    public static <K, V> Snapshot<K, V> readAll(String bootstrapServers, String topic,
                                                Deserializer<K> keys, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "memstream-reader-" + UUID.randomUUID());
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = settledEnd(consumer, partitions, writtenEnd(bootstrapServers, partitions));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                    lastOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
                }
            }
        }
        return new Snapshot<>(records, lastOffsets);
    }

    /** The end of each partition's log, open transactions included. */
    private static Map<TopicPartition, Long> writtenEnd(String bootstrapServers, List<TopicPartition> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            ends.forEach((p, info) -> offsets.put(p, info.offset()));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + partitions, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the end offsets of " + partitions + ": " + e.getMessage(), e);
        }
    }

    /**
     * The committed end of each partition once it has reached {@code written}: every transaction that had written up
     * to there has committed or aborted. Transactions end within a commit interval, or by the transaction timeout.
     */
    private static Map<TopicPartition, Long> settledEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                                        Map<TopicPartition, Long> written) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            Map<TopicPartition, Long> committed = consumer.endOffsets(partitions);
            if (partitions.stream().allMatch(p -> committed.get(p) >= written.getOrDefault(p, 0L))) {
                return committed;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transactions on " + partitions + " stayed open for "
                        + SETTLE_TIMEOUT.toSeconds() + " s; is a producer stuck?");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for open transactions on " + partitions, e);
            }
        }
    }
}
