package io.memstream.memory;

import static io.memstream.memory.MemoryIndexFixture.START;
import static io.memstream.memory.MemoryIndexFixture.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.domain.Enricher;
import io.memstream.enrichment.OfflineEnricher;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Forgetting lasts: after FORGET_USER, chat the user wrote before the forget never becomes a memory again, whether
 * chat-batches is replayed for a new model, chat-messages is replayed after an application reset, or a batch was in
 * an LLM call when the forget came; chat written after the forget makes new memories.
 */
class ForgetDurabilityTest {

    private static final Instant FORGET_AT = START.plus(Duration.ofDays(1));
    private static final List<String> ALICE_SAYS = List.of("I live in Paris.", "I love hiking in the Alps.");

    @Test
    void replayOfChatBatchesBringsNothingOfAForgottenUserBack() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); Chat chat = new Chat(fixture)) {
            chat.say("s1", "alice", START, ALICE_SAYS.get(0));
            chat.say("s2", "alice", START.plusSeconds(60), ALICE_SAYS.get(1));
            chat.say("s3", "bob", START.plusSeconds(120), "I play the cello.");
            List<TestRecord<byte[], byte[]>> batches = chat.closedBatches();
            assertThat(fixture.table().values()).extracting(EnhancedMemory::getUserId).contains("alice", "bob");

            chat.forgetUser("alice", FORGET_AT);
            assertThat(fixture.table()).isEmpty();
            batches.forEach(chat.rawBatches::pipeInput);

            assertThat(fixture.emitted()).allSatisfy(kv -> assertThat(kv.value == null || !kv.value.getUserId().equals("alice"))
                    .as("memory %s of a forgotten user is back", kv.key).isTrue());
            assertThat(fixture.indexedMemoryKeys()).noneMatch(key -> key.startsWith(MemoryScope.userPrefix("alice")));
        }
    }

    @Test
    void forgottenChatCostsNoEnrichmentCall() {
        List<String> enrichedUsers = new ArrayList<>();
        Enricher offline = new OfflineEnricher();
        Enricher recording = new Enricher() {
            @Override
            public List<EnhancedMemory> enrich(MessageBatch batch) {
                batch.getMessages().forEach(m -> enrichedUsers.add(m.getUserId()));
                return offline.enrich(batch);
            }

            @Override
            public String model() {
                return offline.model();
            }
        };
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(), new MemoryServices(Embedders.local(), SupersedeJudge.NONE, 0, new SimpleMeterRegistry()), recording);
             Chat chat = new Chat(fixture)) {
            chat.say("s1", "alice", START, ALICE_SAYS.get(0));
            List<TestRecord<byte[], byte[]>> batches = chat.closedBatches();
            chat.forgetUser("alice", FORGET_AT);
            enrichedUsers.clear();

            batches.forEach(chat.rawBatches::pipeInput);

            assertThat(enrichedUsers).isEmpty();
        }
    }

    @Test
    void replayOfChatMessagesAfterAnApplicationResetBringsNothingBack() {
        List<TestRecord<String, ChatMessage>> messages;
        List<TestRecord<String, MemoryCommand>> forgotten;
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); Chat chat = new Chat(fixture)) {
            chat.say("s1", "alice", START, ALICE_SAYS.get(0));
            chat.say("s2", "alice", START.plusSeconds(60), ALICE_SAYS.get(1));
            chat.forgetUser("alice", FORGET_AT);
            messages = chat.sent;
            forgotten = chat.forgottenTopic.readRecordsToList();
        }
        assertThat(forgotten).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("alice"));

        // A reset deletes the changelogs and the local state; the forgotten topic is not the app's internal topic and stays.
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); Chat chat = new Chat(fixture)) {
            forgotten.forEach(chat.forgottenInput::pipeInput);
            messages.forEach(chat.messages::pipeInput);

            assertThat(fixture.table()).isEmpty();
        }
    }

    @Test
    void userWhoComesBackAfterTheForgetMakesNewMemoriesFromNewChatOnly() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); Chat chat = new Chat(fixture)) {
            chat.say("s1", "alice", START, ALICE_SAYS.get(0));
            List<TestRecord<byte[], byte[]>> batches = chat.closedBatches();
            chat.forgetUser("alice", FORGET_AT);
            fixture.emitted();

            chat.say("s9", "alice", FORGET_AT.plusSeconds(60), "I adopted a cat named Miso.");
            batches.forEach(chat.rawBatches::pipeInput);

            assertThat(fixture.table().values()).extracting(EnhancedMemory::getContent)
                    .containsExactly("I adopted a cat named Miso.");
        }
    }

    @Test
    void batchMixingChatFromBeforeAndAfterTheForgetKeepsOnlyTheLaterMessages() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); Chat chat = new Chat(fixture)) {
            chat.forgetUser("alice", FORGET_AT);
            chat.message("s1", "alice", FORGET_AT.minusSeconds(30), ALICE_SAYS.get(0));
            chat.say("s1", "alice", FORGET_AT.plusSeconds(30), "I adopted a cat named Miso.");

            assertThat(fixture.table().values()).extracting(EnhancedMemory::getContent)
                    .containsExactly("I adopted a cat named Miso.");
        }
    }

    @Test
    void memoryFromAnLlmCallInFlightWhenTheForgetCameIsWithheldByTheIndex() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            fixture.commands.pipeInput("alice", command(MemoryCommandType.FORGET_USER, "alice", null, FORGET_AT));

            fixture.send(candidate("alice", "s1#0", "I live in Paris.").setFirstSeen(FORGET_AT).setLastSeen(FORGET_AT));
            EnhancedMemory later = fixture.send(candidate("alice", "s2#0", "I love sushi.")
                    .setFirstSeen(FORGET_AT.plusMillis(1)).setLastSeen(FORGET_AT.plusMillis(1)));

            assertThat(fixture.table()).containsOnlyKeys(later.getMemoryId());
        }
    }

    @Test
    void forgottenMemoryIdNeverComesBackButTheUsersOtherMemoriesDo() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory paris = fixture.send(candidate("alice", "s1#0", "I live in Paris."));
            fixture.commands.pipeInput("alice", command(MemoryCommandType.FORGET_MEMORY, "alice", paris.getMemoryId(), FORGET_AT));
            fixture.emitted();

            fixture.send(candidate("alice", "s1#0", "I live in Paris."));
            EnhancedMemory sushi = fixture.send(candidate("alice", "s1#0", "I love sushi."));

            assertThat(fixture.table()).containsOnlyKeys(sushi.getMemoryId());
        }
    }

    @Test
    void olderForgetArrivingLateNeverLowersTheRecordedWatermark() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); Chat chat = new Chat(fixture)) {
            chat.forgetUser("alice", FORGET_AT);
            chat.forgetUser("alice", START);

            assertThat(chat.forgottenTopic.readValuesToList()).extracting(MemoryCommand::getRequestedAt)
                    .containsExactly(FORGET_AT);
            assertThat(fixture.driver.<String, MemoryCommand>getKeyValueStore(TopologyNames.FORGOTTEN_STORE).get("alice")
                    .getRequestedAt()).isEqualTo(FORGET_AT);
        }
    }

    private static MemoryCommand command(MemoryCommandType type, String userId, String memoryId, Instant requestedAt) {
        return MemoryCommand.newBuilder(MemoryIndexFixture.command(type, userId, memoryId)).setRequestedAt(requestedAt).build();
    }

    /** Chat, batches and forget commands into the fixture's topology, and what it wrote to chat-batches and the forgotten topic. */
    private static final class Chat implements AutoCloseable {
        final TestInputTopic<String, ChatMessage> messages;
        final TestInputTopic<byte[], byte[]> rawBatches;
        final TestInputTopic<String, MemoryCommand> forgottenInput;
        final TestOutputTopic<String, MemoryCommand> forgottenTopic;
        final List<TestRecord<String, ChatMessage>> sent = new ArrayList<>();
        private final TestOutputTopic<byte[], byte[]> batchesOut;
        private final MemoryIndexFixture fixture;
        private int sequence;

        Chat(MemoryIndexFixture fixture) {
            this.fixture = fixture;
            String url = fixture.config.schemaRegistryUrl();
            messages = fixture.driver.createInputTopic(fixture.config.topics().messages(), new StringSerializer(),
                    SpecificAvroSerde.forValues(ChatMessage.class, url));
            rawBatches = fixture.driver.createInputTopic(fixture.config.topics().batches(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            batchesOut = fixture.driver.createOutputTopic(fixture.config.topics().batches(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            forgottenInput = fixture.driver.createInputTopic(fixture.config.topics().forgotten(), new StringSerializer(),
                    SpecificAvroSerde.forValues(MemoryCommand.class, url));
            forgottenTopic = fixture.driver.createOutputTopic(fixture.config.topics().forgotten(), new StringDeserializer(),
                    SpecificAvroSerde.forValues(MemoryCommand.class, url));
        }

        /** One user message of a session at a given time, the session left open. */
        void message(String sessionId, String userId, Instant at, String content) {
            pipe(sessionId, userId, at, content, MessageType.MESSAGE);
        }

        /** One user message at a given time, then the session's end. */
        void say(String sessionId, String userId, Instant at, String content) {
            message(sessionId, userId, at, content);
            pipe(sessionId, userId, at.plusMillis(1), "", MessageType.SESSION_END);
        }

        private void pipe(String sessionId, String userId, Instant at, String content, MessageType type) {
            TestRecord<String, ChatMessage> record = new TestRecord<>(sessionId, ChatMessage.newBuilder()
                    .setMessageId("m" + ++sequence).setSessionId(sessionId).setUserId(userId).setRole(Role.USER)
                    .setContent(content).setTimestamp(at).setTimezone("Europe/Paris").setType(type).build(), at);
            sent.add(record);
            messages.pipeInput(record);
        }

        void forgetUser(String userId, Instant requestedAt) {
            fixture.commands.pipeInput(userId, MemoryCommand.newBuilder().setCommandId(UUID.randomUUID().toString())
                    .setType(MemoryCommandType.FORGET_USER).setUserId(userId).setMemoryId(null)
                    .setRequestedAt(requestedAt).setReason("erasure request").build());
        }

        /** The chat-batches records written so far, as a replay would read them back. */
        List<TestRecord<byte[], byte[]>> closedBatches() {
            return batchesOut.readRecordsToList();
        }

        @Override
        public void close() {
        }
    }
}
