package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.Progress;
import io.memstream.feed.TopicReader;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory index on real components (KRaft broker, PostgreSQL, Connect worker with the Debezium JDBC sink, the
 * streams app): replays change nothing, forgetting and expiry delete rows and leave no state, and a forgotten user
 * stays forgotten through a restart with a replay of chat-batches (docs/operations.md, Reprocessing) and an
 * application reset with a replay of chat-messages (Resets), while chat the user writes after the forget is kept.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class MemoryIndexEndToEndIT {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(4);
    /** The user who asks to be forgotten, and the forget's requested_at: after the last message of the conversations. */
    private static final String FORGOTTEN = "user-1";
    private static final Instant FORGET_AT = Instant.parse("2026-05-05T00:00:00Z");
    private static final String COMEBACK = "I adopted a cat named Miso.";
    private final Progress progress = new Progress(System.out);

    @TempDir
    java.nio.file.Path workDir;
    private EmbeddedStack stack;

    @BeforeEach
    void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, progress);
    }

    @AfterEach
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Every row as "memory_id | user | content | status | xN | batches", sorted. */
    private static List<String> rowsOf(List<ObjectNode> rows) {
        List<String> lines = new ArrayList<>();
        for (ObjectNode row : rows) {
            List<String> batchIds = new ArrayList<>();
            row.path("batch_ids").forEach(b -> batchIds.add(b.asText()));
            lines.add(row.path("memory_id").asText() + " | " + row.path("user_id").asText() + " | " + row.path("content").asText()
                    + " | " + row.path("status").asText() + " | x" + row.path("reinforcement_count").asInt() + " | " + batchIds);
        }
        return lines.stream().sorted().toList();
    }

    private static int reinforcements(List<ObjectNode> rows, String userId, String content) {
        return rows.stream().filter(r -> r.path("user_id").asText().equals(userId) && r.path("content").asText().equals(content))
                .mapToInt(r -> r.path("reinforcement_count").asInt()).sum();
    }

    @Test
    void replayingTheSameInputTwiceGivesTheSameRowsAndReinforcementCounts() throws Exception {
        List<String> lines = E2eConversations.lines();
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        try (MemstreamApp app = new MemstreamApp(config).start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            MessagePublisher.Result published = E2eConversations.publish(config, lines, true, progress);
            PipelineDrain.Outcome first = new PipelineDrain(config, stack.memoriesTable()).await(published.lastOffsets(), DRAIN_TIMEOUT, progress);

            // The same facts in two sessions are one memory, seen in both.
            assertThat(reinforcements(first.rows(), "user-0", "I'm allergic to shellfish.")).isEqualTo(2);
            assertThat(first.rows()).filteredOn(r -> r.path("content").asText().equals("I'm allergic to shellfish.")
                    && r.path("user_id").asText().equals("user-0")).hasSize(1);
            assertThat(reinforcements(first.rows(), "user-2", "I love chess.")).isEqualTo(2);
            assertThat(reinforcements(first.rows(), "user-1", "I prefer Italian food.")).isEqualTo(1);

            // Replay 1: the chat messages again (a producer re-sending everything).
            MessagePublisher.Result again = E2eConversations.publish(config, lines, true, progress);
            // Replay 2: every batch again, as re-enriching chat-batches from the start does.
            Map<TopicPartition, Long> replayedBatches = replayBatches(config);
            Map<TopicPartition, Long> all = new HashMap<>(published.lastOffsets());
            again.lastOffsets().forEach((p, o) -> all.merge(p, o, Math::max));
            PipelineDrain.Outcome second = new PipelineDrain(config, stack.memoriesTable()).await(all, DRAIN_TIMEOUT, progress);

            assertThat(second.batches().size()).isGreaterThan(first.batches().size());
            assertThat(replayedBatches).isNotEmpty();
            assertThat(rowsOf(second.rows())).isEqualTo(rowsOf(first.rows()));
        }
    }

    /** Writes every record of chat-batches to it again; the offsets of the copies. */
    private Map<TopicPartition, Long> replayBatches(MemstreamConfig config) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> batches = TopicReader.readAll(stack.bootstrapServers(), config.topics().batches(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).records();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> batch : batches) {
                var sent = producer.send(new ProducerRecord<>(config.topics().batches(), batch.partition(), batch.key(), batch.value())).get();
                offsets.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset(), Math::max);
            }
        }
        return offsets;
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    @Test
    void forgottenAndRetentionExpiredMemoriesLeaveNoRowInPostgresAndNoStateInTheIndex() throws Exception {
        List<String> lines = new ArrayList<>(E2eConversations.lines());
        // A plan of user-3 without a date, then, an hour of chat later in the same session, a fact: under this test's
        // retention (plan=20s, event time) the fact's timestamp puts the plan behind its retention, whatever the day.
        lines.add("{\"message_id\":\"late-plan\",\"session_id\":\"user-3-session-9\",\"user_id\":\"user-3\","
                + "\"role\":\"user\",\"content\":\"I'm planning to learn the piano.\",\"timestamp\":\"2026-03-20T10:00:00Z\"}");
        lines.add("{\"message_id\":\"later-fact\",\"session_id\":\"user-3-session-9\",\"user_id\":\"user-3\","
                + "\"role\":\"user\",\"content\":\"I speak Basque with my grandmother.\",\"timestamp\":\"2026-03-20T11:00:00Z\"}");
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of(
                MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan=20s")));
        try (MemstreamApp app = new MemstreamApp(config).start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            MessagePublisher.Result published = E2eConversations.publish(config, lines, true, progress);
            PipelineDrain.Outcome before = new PipelineDrain(config, stack.memoriesTable()).await(published.lastOffsets(), DRAIN_TIMEOUT, progress);
            assertThat(before.rows()).extracting(r -> r.path("user_id").asText()).contains("user-1", "user-3");
            long othersBefore = before.rows().stream().filter(r -> !r.path("user_id").asText().equals("user-1")
                    && !r.path("content").asText().equals("I'm planning to learn the piano.")).count();

            try (KafkaProducer<String, MemoryCommand> commands = commandProducer(config)) {
                commands.send(new ProducerRecord<>(config.topics().commands(), "user-1", MemoryCommand.newBuilder()
                        .setCommandId("erase-1").setType(MemoryCommandType.FORGET_USER).setUserId("user-1")
                        .setMemoryId(null).setRequestedAt(Instant.now()).setReason("erasure request").build())).get();
            }

            List<ObjectNode> rows = awaitRows(r -> r.path("user_id").asText().equals("user-1")
                    || r.path("content").asText().equals("I'm planning to learn the piano."), Duration.ofMinutes(2));
            assertThat(rows).hasSize((int) othersBefore);
            assertThat(indexKeys(app)).noneMatch(k -> k.startsWith("user-1\u001F"))
                    .noneMatch(k -> k.contains("piano"))
                    .isNotEmpty();
            assertThat(TopicReader.readAll(stack.bootstrapServers(), config.topics().deadLetterOf(config.topics().commands()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).records()).isEmpty();
        }
    }

    @Test
    void forgottenUserStaysForgottenThroughAReplayOfChatBatchesARestartAndAResetWithAReplayOfChatMessages() throws Exception {
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        Map<TopicPartition, Long> published;
        List<ObjectNode> before;
        try (MemstreamApp app = new MemstreamApp(config).start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            published = new HashMap<>(E2eConversations.publish(config, E2eConversations.lines(), true, progress).lastOffsets());
            PipelineDrain.Outcome first = drain(config, published);
            assertThat(usersOf(first.rows())).contains(FORGOTTEN);
            before = first.rows();

            try (KafkaProducer<String, MemoryCommand> commands = commandProducer(config)) {
                commands.send(new ProducerRecord<>(config.topics().commands(), FORGOTTEN, MemoryCommand.newBuilder()
                        .setCommandId("erase-user-1").setType(MemoryCommandType.FORGET_USER).setUserId(FORGOTTEN)
                        .setMemoryId(null).setRequestedAt(FORGET_AT).setReason("erasure request").build())).get();
            }
            awaitRows(r -> r.path("user_id").asText().equals(FORGOTTEN), Duration.ofMinutes(2));

            // The user comes back after the forget: new chat, new memories.
            List<String> comeback = List.of("{\"message_id\":\"back-0\",\"session_id\":\"user-1-session-back\",\"user_id\":\"user-1\","
                    + "\"role\":\"user\",\"content\":\"" + COMEBACK + "\",\"timestamp\":\"2026-05-06T09:00:00Z\"}");
            E2eConversations.publish(config, comeback, true, progress).lastOffsets()
                    .forEach((p, o) -> published.merge(p, o, Math::max));
            assertThat(rowsOfUser(drain(config, published).rows(), true)).containsExactly(COMEBACK);
        }

        // Reprocessing with a new model: stop, move the group back to the start of chat-batches, start (local state kept).
        resetOffsets(config, config.topics().batches());
        try (MemstreamApp app = new MemstreamApp(config).start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            PipelineDrain.Outcome replayed = drain(config, published);
            assertThat(rowsOfUser(replayed.rows(), true)).containsExactly(COMEBACK);
            assertThat(rowsOfUser(replayed.rows(), false)).isEqualTo(rowsOfUser(before, false));
        }

        // Application reset: input offsets to the start, internal topics and local state deleted; chat replayed.
        resetOffsets(config, config.topics().messages(), config.topics().batches());
        deleteInternalTopics(config);
        MemstreamApp reset = new MemstreamApp(config);
        reset.streams().cleanUp();
        try (MemstreamApp app = reset.start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            PipelineDrain.Outcome replayed = drain(config, published);
            assertThat(rowsOfUser(replayed.rows(), true)).containsExactly(COMEBACK);
            // Not the same ids: a memory reinforced by sessions on different partitions takes the id of whichever batch
            // the rebuilt index sees first, so a reset may add a row of the same statement under another id.
            assertThat(statementsOf(replayed.rows())).isEqualTo(statementsOf(before));
        }
    }

    /** "user | content" of the other users' rows, distinct and sorted. */
    private static List<String> statementsOf(List<ObjectNode> rows) {
        return rows.stream().filter(r -> !r.path("user_id").asText().equals(FORGOTTEN))
                .map(r -> r.path("user_id").asText() + " | " + r.path("content").asText()).distinct().sorted().toList();
    }

    private static Set<String> usersOf(List<ObjectNode> rows) {
        return rows.stream().map(r -> r.path("user_id").asText()).collect(Collectors.toSet());
    }

    /** The forgotten user's rows (their content) or everyone else's ("memory_id | user | content | status"), sorted. */
    private static List<String> rowsOfUser(List<ObjectNode> rows, boolean forgottenUser) {
        return rows.stream().filter(r -> r.path("user_id").asText().equals(FORGOTTEN) == forgottenUser)
                .map(r -> forgottenUser ? r.path("content").asText() : r.path("memory_id").asText() + " | "
                        + r.path("user_id").asText() + " | " + r.path("content").asText() + " | " + r.path("status").asText())
                .sorted().toList();
    }

    private PipelineDrain.Outcome drain(MemstreamConfig config, Map<TopicPartition, Long> published) throws Exception {
        return new PipelineDrain(config, stack.memoriesTable()).await(published, DRAIN_TIMEOUT, progress);
    }

    /** What {@code kafka-consumer-groups.sh --reset-offsets --to-earliest} does for the app's group (app stopped). */
    private void resetOffsets(MemstreamConfig config, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest())));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(earliest).all().get().forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(config.getString(MemstreamConfig.APPLICATION_ID), offsets).all().get();
        }
    }

    /** What {@code kafka-streams-application-reset.sh} deletes: the app's changelog and repartition topics. */
    private void deleteInternalTopics(MemstreamConfig config) throws Exception {
        String prefix = config.getString(MemstreamConfig.APPLICATION_ID) + "-";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<String> internal = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(prefix) && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                    .toList();
            assertThat(internal).isNotEmpty();
            admin.deleteTopics(internal).all().get();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            // The app must not recreate a topic the broker is still deleting.
            while (admin.listTopics().names().get().stream().anyMatch(internal::contains)) {
                assertThat(System.nanoTime()).as("internal topics still listed after deletion").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** Polls the table until no row matches {@code gone}; the remaining rows. */
    private List<ObjectNode> awaitRows(java.util.function.Predicate<ObjectNode> gone, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ObjectNode> rows = stack.memoriesTable().rows();
            if (rows.stream().noneMatch(gone)) {
                return rows;
            }
            assertThat(System.nanoTime()).as("rows %s still in PostgreSQL", rows.stream().filter(gone).toList()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Keys of the index's memories store, with the memory's content appended, over the app's local stores. */
    private static List<String> indexKeys(MemstreamApp app) {
        ReadOnlyKeyValueStore<String, io.memstream.schemas.EnhancedMemory> store = app.streams().store(
                StoreQueryParameters.fromNameAndType(TopologyNames.MEMORIES_STORE, QueryableStoreTypes.keyValueStore()));
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, io.memstream.schemas.EnhancedMemory> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key + " " + kv.value.getContent()));
        }
        return keys;
    }

    private KafkaProducer<String, MemoryCommand> commandProducer(MemstreamConfig config) {
        SpecificAvroSerde<MemoryCommand> values = new SpecificAvroSerde<>(MemoryCommand.class);
        values.configure(config.serdeConfig(), false);
        return new KafkaProducer<>(producerProps(), new StringSerializer(), values);
    }
}
