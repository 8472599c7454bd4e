package io.memstream.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic as it stands now, committed transactions only, without joining a consumer group. */
public final class TopicReader {

    /** The records, and the offset of the last data record of each partition that has any. */
    public record Snapshot<K, V>(List<ConsumerRecord<K, V>> records, Map<TopicPartition, Long> lastOffsets) {
    }

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
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                    lastOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
                }
            }
        }
        return new Snapshot<>(records, lastOffsets);
    }
}
