package io.memstream.laptop;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's baseline: what Kafka itself does with the same records and the same guarantee. A plain consumer
 * (read_committed) and a transactional producer copy a topic, bytes as they are; a transaction holds what the polls of
 * {@value #COMMIT_INTERVAL_MS} ms brought and the consumer's offsets, the cadence Kafka Streams commits at under
 * exactly-once; no decoding, no state. Memstream's throughput divided by this one's says how much of the broker's
 * capacity the pipeline turns into memories.
 */
public final class RawTransactionalCopy {

    /** Kafka Streams' default commit.interval.ms under exactly-once. */
    static final long COMMIT_INTERVAL_MS = 100;

    /** How long the copy took, from the first poll to the commit of the last record, and how many records it copied. */
    public record Result(long records, long nanos) {
    }

    private RawTransactionalCopy() {
    }

    /** Copies the first {@code expected} records of {@code from} to {@code to}, partitions as they come. */
    public static Result copy(String bootstrapServers, String from, String to, long expected, Duration timeout) {
        String id = "memstream-bench-raw-" + UUID.randomUUID();
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, id);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Kafka Streams' own consumer and producer settings, so that only the work differs.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 100);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(from));
            long deadline = System.nanoTime() + timeout.toNanos();
            long copied = 0;
            long start = 0;
            long transactionStart = 0;
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            while (copied < expected || !offsets.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the raw copy moved " + copied + " of " + expected + " records in " + timeout);
                }
                ConsumerRecords<byte[], byte[]> records = copied < expected ? consumer.poll(Duration.ofMillis(20)) : ConsumerRecords.empty();
                if (!records.isEmpty()) {
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    if (offsets.isEmpty()) {
                        producer.beginTransaction();
                        transactionStart = System.nanoTime();
                    }
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        producer.send(new ProducerRecord<>(to, record.partition(), record.key(), record.value()));
                        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                        copied++;
                    }
                }
                boolean due = System.nanoTime() - transactionStart >= COMMIT_INTERVAL_MS * 1_000_000L || copied >= expected;
                if (!offsets.isEmpty() && due) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    offsets = new HashMap<>();
                }
            }
            return new Result(copied, System.nanoTime() - start);
        }
    }
}
