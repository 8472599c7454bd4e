package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedKafka;
import io.memstream.feed.ProcessingWatcher;
import io.memstream.feed.TopicReader;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The app on a real two-partition broker, fed by a Java client (murmur2) and by a client partitioning as librdkafka
 * does (CRC32, the clients of Python, Go, .NET and Node): a session written half each way lands on both partitions,
 * and still makes one batch sequence, closed by count and by its SESSION_END.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSpreadOverPartitionsIT {

    private static final int PARTITIONS = 2;
    private static final Instant START = Instant.parse("2026-03-05T09:00:00Z");

    private final String registryScope = "partition-it-" + UUID.randomUUID();
    private EmbeddedKafka kafka;
    private MemstreamApp app;
    private MemstreamConfig config;
    private Path stateDir;
    private KafkaProducer<String, ChatMessage> javaDefault;
    private KafkaProducer<String, ChatMessage> librdkafkaStyle;
    private int sequence;

    /** librdkafka's "consistent" partitioner (and "consistent_random" for a non-null key): CRC32 of the key bytes. */
    public static final class Crc32Partitioner implements Partitioner {

        static int partition(String key, int partitions) {
            CRC32 crc = new CRC32();
            crc.update(key.getBytes(StandardCharsets.UTF_8));
            return (int) (crc.getValue() % partitions);
        }

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            return partition((String) key, cluster.partitionCountForTopic(topic));
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.start();
        stateDir = Files.createTempDirectory("memstream-partition-it-");
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
        settings.put(MemstreamConfig.STATE_DIR, stateDir.toString());
        settings.put(MemstreamConfig.TOPIC_PARTITIONS, PARTITIONS);
        settings.put(MemstreamConfig.TOPIC_REPLICATION_FACTOR, (short) 1);
        settings.put("replication.factor", 1);
        // A session split between two batchers would wait this long: far beyond the test's patience.
        settings.put(MemstreamConfig.BATCH_IDLE_TIMEOUT, "10m");
        config = new MemstreamConfig(settings);
        app = new MemstreamApp(config).start();
        app.awaitRunning(Duration.ofMinutes(2));
        javaDefault = producer(Map.of());
        librdkafkaStyle = producer(Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class.getName()));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {javaDefault, librdkafkaStyle, app, kafka}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        MockSchemaRegistry.drop(registryScope);
        Utils.delete(stateDir.toFile());
    }

    @Test
    void sessionWrittenHalfByJavaHalfByLibrdkafkaPartitioningMakesOneTwentyMessageBatchThenClosesOnSessionEnd()
            throws Exception {
        String session = sessionOnDifferentPartitions("mix-s");
        List<ChatMessage> javaHalf = new ArrayList<>();
        List<ChatMessage> crcHalf = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ChatMessage viaJava = message(session, "java " + i);
            javaHalf.add(viaJava);
            partitions.add(send(javaDefault, viaJava).partition());
            ChatMessage viaCrc = message(session, "crc32 " + i);
            crcHalf.add(viaCrc);
            partitions.add(send(librdkafkaStyle, viaCrc).partition());
        }
        assertThat(partitions).as("the session is on both partitions of chat-messages").hasSize(PARTITIONS);

        List<MessageBatch> first = awaitBatches(session, 1);
        MessageBatch batch = first.get(0);
        assertThat(batch.getBatchId()).isEqualTo(session + "#0");
        assertThat(batch.getClosedBy()).isEqualTo(ClosedBy.COUNT);
        assertThat(batch.getMessages()).hasSize(20);
        List<String> ids = batch.getMessages().stream().map(ChatMessage::getMessageId).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(
                Stream.concat(javaHalf.stream(), crcHalf.stream()).map(ChatMessage::getMessageId).toList());
        assertThat(ids.stream().filter(idsOf(javaHalf)::contains).toList())
                .as("each partition's messages keep their send order").containsExactlyElementsOf(idsOf(javaHalf));
        assertThat(ids.stream().filter(idsOf(crcHalf)::contains).toList()).containsExactlyElementsOf(idsOf(crcHalf));

        // Across partitions there is no order: the SESSION_END is sent once both messages are in the repartition.
        awaitConsumed(send(javaDefault, message(session, "java after the count")),
                send(librdkafkaStyle, message(session, "crc32 after the count")));
        send(librdkafkaStyle, sessionEnd(session));
        List<MessageBatch> all = awaitBatches(session, 2);
        assertThat(all).extracting(MessageBatch::getBatchId).containsExactly(session + "#0", session + "#1");
        assertThat(all.get(1).getClosedBy()).isEqualTo(ClosedBy.SESSION_END);
        assertThat(all.get(1).getMessages()).extracting(ChatMessage::getContent)
                .containsExactlyInAnyOrder("java after the count", "crc32 after the count");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void sessionWrittenOnlyByLibrdkafkaPartitioningIsBatchedAsBefore() throws Exception {
        String session = sessionOnDifferentPartitions("crc-s");
        List<ChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ChatMessage m = message(session, "crc32 only " + i);
            sent.add(m);
            assertThat(send(librdkafkaStyle, m).partition()).isEqualTo(Crc32Partitioner.partition(session, PARTITIONS));
        }
        send(librdkafkaStyle, sessionEnd(session));

        MessageBatch batch = awaitBatches(session, 1).get(0);
        assertThat(batch.getBatchId()).isEqualTo(session + "#0");
        assertThat(batch.getClosedBy()).isEqualTo(ClosedBy.SESSION_END);
        assertThat(batch.getMessages()).extracting(ChatMessage::getMessageId).containsExactlyElementsOf(idsOf(sent));
        assertThat(deadLetters()).isEmpty();
    }

    /** The first session id {@code prefix}N that murmur2 (Java) and CRC32 (librdkafka) put on different partitions. */
    private static String sessionOnDifferentPartitions(String prefix) {
        for (int n = 1; ; n++) {
            String session = prefix + n;
            int murmur2 = Utils.toPositive(Utils.murmur2(session.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (murmur2 != Crc32Partitioner.partition(session, PARTITIONS)) {
                return session;
            }
        }
    }

    private KafkaProducer<String, ChatMessage> producer(Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(overrides);
        return new KafkaProducer<>(props, new StringSerializer(),
                SpecificAvroSerde.forValues(ChatMessage.class, config.schemaRegistryUrl()).serializer());
    }

    /** Sends {@code message} keyed by its session_id and returns where it landed. */
    private RecordMetadata send(KafkaProducer<String, ChatMessage> producer, ChatMessage message) throws Exception {
        return producer.send(new ProducerRecord<>(config.topics().messages(), message.getSessionId(), message))
                .get(30, TimeUnit.SECONDS);
    }

    /** Waits until the app has committed past these records of chat-messages (and so written them on, atomically). */
    private void awaitConsumed(RecordMetadata... records) throws InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (RecordMetadata r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new ProcessingWatcher(admin).awaitProcessed(config.getString(MemstreamConfig.APPLICATION_ID), offsets,
                    Duration.ofSeconds(60), behind -> { });
        }
    }

    private ChatMessage message(String session, String content) {
        sequence++;
        return ChatMessage.newBuilder()
                .setMessageId("m" + sequence)
                .setSessionId(session)
                .setUserId("user-of-" + session)
                .setRole(Role.USER)
                .setContent(content)
                .setTimestamp(START.plusSeconds(sequence))
                .setTimezone("Europe/Paris")
                .setType(MessageType.MESSAGE)
                .build();
    }

    private ChatMessage sessionEnd(String session) {
        ChatMessage end = message(session, "");
        end.setType(MessageType.SESSION_END);
        return end;
    }

    private static List<String> idsOf(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::getMessageId).toList();
    }

    /** Waits until chat-batches holds {@code count} batches of {@code session}, then checks no more follow at once. */
    private List<MessageBatch> awaitBatches(String session, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<MessageBatch> batches = batchesOf(session);
        while (batches.size() < count) {
            assertThat(System.nanoTime()).as("%d batch(es) of %s within 90 s; got %s", count, session, batches)
                    .isLessThan(deadline);
            Thread.sleep(250);
            batches = batchesOf(session);
        }
        Thread.sleep(2000);
        assertThat(batchesOf(session)).as("batches of %s", session).hasSize(count);
        return batches;
    }

    private List<MessageBatch> batchesOf(String session) {
        SpecificAvroSerde<MessageBatch> serde = SpecificAvroSerde.forValues(MessageBatch.class, config.schemaRegistryUrl());
        return TopicReader.readAll(kafka.bootstrapServers(), config.topics().batches(), new StringDeserializer(),
                        serde.deserializer()).records().stream()
                .map(ConsumerRecord::value)
                .filter(b -> b.getSessionId().equals(session))
                .collect(Collectors.toList());
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return TopicReader.readAll(kafka.bootstrapServers(), config.topics().deadLetterOf(config.topics().messages()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).records();
    }
}
