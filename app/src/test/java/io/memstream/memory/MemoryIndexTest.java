package io.memstream.memory;

import static io.memstream.memory.MemoryIndexFixture.START;
import static io.memstream.memory.MemoryIndexFixture.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.errors.DeadLetters;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.schemas.MemoryStatus;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The memory index's rules, on the real topology in a TopologyTestDriver with real MiniLM embeddings. */
class MemoryIndexTest {

    @Test
    void firstMemoryOfAScopeIsEmittedActiveUnderItsOwnId() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory sent = fixture.send(candidate("alice", "s1#0", "I love hiking in the Alps."));

            List<KeyValue<String, EnhancedMemory>> out = fixture.emitted();
            assertThat(out).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo(sent.getMemoryId());
                assertThat(kv.value.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
                assertThat(kv.value.getReinforcementCount()).isEqualTo(1);
                assertThat(kv.value.getEmbedding()).hasSize(384);
            });
        }
    }

    @Test
    void sameNormalizedContentReinforcesTheExistingMemoryAndMergesItsDetails() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory first = fixture.send(candidate("alice", "s1#0", "My sister Anna lives in Rome.")
                    .setImportance(4).setPeople(new ArrayList<>(List.of("Anna")))
                    .setEntities(new ArrayList<>(List.of(new Entity("Anna", "PERSON")))));
            EnhancedMemory second = fixture.send(candidate("alice", "s2#0", "my sister  anna lives in rome")
                    .setImportance(7).setPeople(new ArrayList<>(List.of("sister")))
                    .setEntities(new ArrayList<>(List.of(new Entity("anna", "PERSON"), new Entity("Rome", "PLACE"))))
                    .setTags(new ArrayList<>(List.of("relationship")))
                    .setLastSeen(START.plus(Duration.ofDays(3))));

            Map<String, EnhancedMemory> table = fixture.table();
            assertThat(table).containsOnlyKeys(first.getMemoryId());
            EnhancedMemory reinforced = table.get(first.getMemoryId());
            assertThat(reinforced.getReinforcementCount()).isEqualTo(2);
            assertThat(reinforced.getContent()).isEqualTo("My sister Anna lives in Rome.");
            assertThat(reinforced.getImportance()).isEqualTo(7);
            assertThat(reinforced.getLastSeen()).isEqualTo(START.plus(Duration.ofDays(3)));
            assertThat(reinforced.getFirstSeen()).isEqualTo(first.getFirstSeen());
            assertThat(reinforced.getBatchIds()).containsExactly("s1#0", "s2#0");
            assertThat(reinforced.getSourceMessageIds()).containsExactly("s1#0/m1", "s2#0/m1");
            assertThat(reinforced.getPeople()).containsExactly("Anna", "sister");
            assertThat(reinforced.getEntities()).extracting(Entity::getText).containsExactly("Anna", "Rome");
            assertThat(reinforced.getTags()).containsExactly("other", "relationship");
            assertThat(table).doesNotContainKey(second.getMemoryId());
        }
    }

    @Test
    void paraphraseAtOrAboveTheReinforceThresholdReinforces() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory first = fixture.send(candidate("shop-1", "s1#0", "Customer prefers express shipping for all orders"));
            fixture.send(candidate("shop-1", "s2#0", "Customer always wants express shipping"));

            Map<String, EnhancedMemory> table = fixture.table();
            assertThat(table).containsOnlyKeys(first.getMemoryId());
            assertThat(table.get(first.getMemoryId()).getReinforcementCount()).isEqualTo(2);
        }
    }

    @Test
    void paraphraseBelowAHigherThresholdIsANewMemory() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_REINFORCE_THRESHOLD, 0.85))) {
            fixture.send(candidate("shop-1", "s1#0", "Customer prefers express shipping for all orders"));
            fixture.send(candidate("shop-1", "s2#0", "Customer always wants express shipping"));

            assertThat(fixture.table()).hasSize(2).allSatisfy((id, m) -> assertThat(m.getReinforcementCount()).isEqualTo(1));
        }
    }

    @Test
    void unrelatedMemoryIsNew() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            fixture.send(candidate("alice", "s1#0", "I love hiking in the Alps."));
            fixture.send(candidate("alice", "s1#0", "I'm allergic to peanuts."));

            assertThat(fixture.table()).hasSize(2);
        }
    }

    @Test
    void sameSubjectWithANewValueSupersedesTheOldMemory() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory paris = fixture.send(candidate("alice", "s1#0", "I live in Paris."));
            fixture.emitted();
            EnhancedMemory berlin = fixture.send(candidate("alice", "s2#0", "I moved to Berlin."));

            List<KeyValue<String, EnhancedMemory>> out = fixture.emitted();
            assertThat(out).extracting(kv -> kv.key).containsExactly(berlin.getMemoryId(), paris.getMemoryId());
            assertThat(out.get(0).value.getStatus()).isEqualTo(MemoryStatus.ACTIVE);
            assertThat(out.get(1).value.getStatus()).isEqualTo(MemoryStatus.SUPERSEDED);
            assertThat(out.get(1).value.getSupersededBy()).isEqualTo(berlin.getMemoryId());

            // The superseded memory is history: saying Paris again is a new memory, not a reinforcement of it.
            fixture.send(candidate("alice", "s3#0", "I live in Berlin now."));
            assertThat(fixture.table().values()).singleElement()
                    .satisfies(m -> assertThat(m.getMemoryId()).isEqualTo(berlin.getMemoryId()));
        }
    }

    @Test
    void sameBatchNeverReinforcesTwiceSoReplaysKeepTheCounts() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory first = fixture.send(candidate("alice", "s1#0", "I love hiking in the Alps."));
            fixture.send(candidate("alice", "s2#0", "I love hiking in the Alps!"));
            fixture.emitted();

            // The same two candidates again, as a replay of both batches delivers them.
            fixture.send(candidate("alice", "s1#0", "I love hiking in the Alps."));
            fixture.send(candidate("alice", "s2#0", "I love hiking in the Alps!"));
            assertThat(fixture.emitted()).isEmpty();

            fixture.send(candidate("alice", "s3#0", "i love hiking in the alps"));
            assertThat(fixture.table().get(first.getMemoryId()).getReinforcementCount()).isEqualTo(3);
        }
    }

    @Test
    void nothingIsDeletedByAgeByDefaultHoweverFarTheWallClockOrTheChatMoves() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory meeting = fixture.send(candidate("alice", "s1#0", "I have a meeting with Erik tomorrow.")
                    .setCategory("plan").setValidUntil(START.plus(Duration.ofDays(2))));
            fixture.emitted();

            fixture.advanceWallClock(Duration.ofDays(3650));
            fixture.send(candidate("alice", "s2#0", "I moved to Lisbon.").setLastSeen(START.plus(Duration.ofDays(3650))));

            assertThat(fixture.emitted()).extracting(kv -> kv.key).doesNotContain(meeting.getMemoryId());
            assertThat(fixture.indexedMemoryKeys()).anySatisfy(k -> assertThat(k).endsWith(meeting.getMemoryId()));
        }
    }

    @Test
    void aPlanWhoseDayHasPassedStaysWithItsValidUntilAndNoExpiry() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory pastPlan = fixture.send(candidate("alice", "s1#0", "I have a dentist appointment on Friday.")
                    .setCategory("plan").setValidUntil(START.minus(Duration.ofDays(400))));

            EnhancedMemory stored = fixture.table().get(pastPlan.getMemoryId());
            assertThat(stored.getValidUntil()).isEqualTo(START.minus(Duration.ofDays(400)));
            assertThat(stored.getExpiresAt()).isNull();
        }
    }

    @Test
    void retentionDeletesInEventTimeOnceLaterChatArrivesNeverByTheWallClock() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan=7d"))) {
            EnhancedMemory plan = fixture.send(candidate("alice", "s1#0", "I'm planning to learn the piano.")
                    .setCategory("plan").setLastSeen(START));
            EnhancedMemory lasting = fixture.send(candidate("alice", "s1#0", "I'm allergic to peanuts.").setLastSeen(START));
            fixture.emitted();

            fixture.advanceWallClock(Duration.ofDays(30));
            assertThat(fixture.emitted()).isEmpty();

            fixture.send(candidate("bob", "s2#0", "I play the cello.").setLastSeen(START.plus(Duration.ofDays(6))));
            assertThat(fixture.emitted()).extracting(kv -> kv.key).doesNotContain(plan.getMemoryId());

            fixture.send(candidate("bob", "s3#0", "I speak Basque.").setLastSeen(START.plus(Duration.ofDays(8))));
            assertThat(fixture.emitted()).filteredOn(kv -> kv.value == null).singleElement()
                    .satisfies(kv -> assertThat(kv.key).isEqualTo(plan.getMemoryId()));
            assertThat(fixture.indexedMemoryKeys()).anySatisfy(k -> assertThat(k).endsWith(lasting.getMemoryId()))
                    .noneSatisfy(k -> assertThat(k).endsWith(plan.getMemoryId()));
            assertThat(fixture.expiryKeys()).isEmpty();
        }
    }

    @Test
    void chatOlderThanItsRetentionBehindNewerChatIsNotIndexed() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan=7d"))) {
            fixture.send(candidate("bob", "s1#0", "I speak Basque.").setLastSeen(START.plus(Duration.ofDays(30))));
            fixture.emitted();

            fixture.send(candidate("alice", "s2#0", "I'm planning to learn the piano.").setCategory("plan").setLastSeen(START));

            assertThat(fixture.emitted()).isEmpty();
        }
    }

    @Test
    void retentionCountsFromLastSeenAndAReinforcementMovesIt() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_RETENTION_BY_CATEGORY, "plan=7d, work=30d"))) {
            EnhancedMemory plan = fixture.send(candidate("alice", "s1#0", "I'm planning to learn the piano.")
                    .setCategory("plan").setLastSeen(START));
            EnhancedMemory other = fixture.send(candidate("alice", "s1#0", "I own a red bicycle.").setCategory("other"));

            Map<String, EnhancedMemory> table = fixture.table();
            assertThat(table.get(plan.getMemoryId()).getExpiresAt()).isEqualTo(START.plus(Duration.ofDays(7)));
            assertThat(table.get(other.getMemoryId()).getExpiresAt()).isNull();

            fixture.send(candidate("alice", "s2#0", "I'm planning to learn the piano.").setCategory("plan")
                    .setLastSeen(START.plus(Duration.ofDays(5))));
            assertThat(fixture.table().get(plan.getMemoryId()).getExpiresAt()).isEqualTo(START.plus(Duration.ofDays(12)));
        }
    }

    @Test
    void theSameChatDatedFiveYearsLaterGivesTheSameMemories() {
        List<String> contents = List.of("I'm planning to learn the piano.", "I'm allergic to peanuts.",
                "I have a meeting with Erik tomorrow.", "I moved to Lisbon last year.");
        List<List<String>> runs = new ArrayList<>();
        for (Duration shift : List.of(Duration.ZERO, Duration.ofDays(5 * 365))) {
            try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
                for (int i = 0; i < contents.size(); i++) {
                    Instant seen = START.minus(Duration.ofDays(3 * 365)).plus(shift).plus(Duration.ofDays(i));
                    fixture.send(candidate("alice", "s" + i + "#0", contents.get(i)).setCategory("plan")
                            .setFirstSeen(seen).setLastSeen(seen).setValidUntil(seen.plus(Duration.ofDays(2))));
                }
                runs.add(fixture.table().values().stream().map(EnhancedMemory::getContent).sorted().toList());
            }
        }
        assertThat(runs.get(0)).hasSize(contents.size()).isEqualTo(runs.get(1));
    }

    @Test
    void forgetUserTombstonesEveryMemoryOfTheUserInEveryScopeAndClearsItsState() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_SCOPE, "agent_user"))) {
            EnhancedMemory travel = fixture.send(candidate("alice", "s1#0", "I live in Paris.").setAgentId("travel"));
            EnhancedMemory food = fixture.send(candidate("alice", "s2#0", "I love sushi.").setAgentId("food")
                    .setCategory("plan").setValidUntil(START.plus(Duration.ofDays(3))));
            EnhancedMemory bob = fixture.send(candidate("bob", "s3#0", "I love sushi.").setAgentId("food"));
            fixture.emitted();

            fixture.forgetUser("alice");

            List<KeyValue<String, EnhancedMemory>> out = fixture.emitted();
            assertThat(out).extracting(kv -> kv.key).containsExactlyInAnyOrder(travel.getMemoryId(), food.getMemoryId());
            assertThat(out).allSatisfy(kv -> assertThat(kv.value).isNull());
            assertThat(fixture.indexedMemoryKeys()).singleElement().satisfies(k -> assertThat(k).endsWith(bob.getMemoryId()));
            assertThat(fixture.expiryKeys()).isEmpty();

            // Nothing of alice is left to match against: the same statement is a new memory again.
            EnhancedMemory again = fixture.send(candidate("alice", "s4#0", "I live in Paris.").setAgentId("travel"));
            assertThat(fixture.table()).containsOnlyKeys(again.getMemoryId());
        }
    }

    @Test
    void forgetMemoryTombstonesOnlyThatMemory() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory paris = fixture.send(candidate("alice", "s1#0", "I live in Paris."));
            EnhancedMemory sushi = fixture.send(candidate("alice", "s1#0", "I love sushi."));
            fixture.emitted();

            fixture.forgetMemory("alice", paris.getMemoryId());
            fixture.forgetMemory("bob", sushi.getMemoryId());

            assertThat(fixture.emitted()).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo(paris.getMemoryId());
                assertThat(kv.value).isNull();
            });
            assertThat(fixture.indexedMemoryKeys()).singleElement().satisfies(k -> assertThat(k).endsWith(sushi.getMemoryId()));
        }
    }

    @Test
    void scopeOverTheCapEvictsSupersededThenLeastImportantThenLeastRecentlySeen() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_MAX_PER_SCOPE, 3))) {
            EnhancedMemory important = fixture.send(candidate("alice", "s1#0", "I'm allergic to peanuts.").setImportance(9));
            EnhancedMemory older = fixture.send(candidate("alice", "s1#0", "I own a red bicycle.").setImportance(3)
                    .setLastSeen(START.minus(Duration.ofDays(2))));
            EnhancedMemory newer = fixture.send(candidate("alice", "s1#0", "I speak Portuguese.").setImportance(3)
                    .setLastSeen(START.minus(Duration.ofDays(1))));
            fixture.emitted();

            EnhancedMemory fourth = fixture.send(candidate("alice", "s2#0", "I play the cello.").setImportance(5));
            List<KeyValue<String, EnhancedMemory>> out = fixture.emitted();
            assertThat(out).extracting(kv -> kv.key).containsExactly(fourth.getMemoryId(), older.getMemoryId());
            assertThat(out.get(1).value).isNull();

            // A superseded memory goes first, whatever its importance.
            EnhancedMemory paris = fixture.send(candidate("alice", "s3#0", "I live in Paris.").setImportance(9));
            fixture.emitted();
            fixture.send(candidate("alice", "s4#0", "I moved to Berlin.").setImportance(9));
            assertThat(fixture.emitted()).extracting(kv -> kv.key).contains(paris.getMemoryId())
                    .filteredOn(id -> id.equals(paris.getMemoryId())).hasSize(2);
            assertThat(fixture.indexedMemoryKeys()).hasSize(3).noneMatch(k -> k.endsWith(paris.getMemoryId()))
                    .anyMatch(k -> k.endsWith(important.getMemoryId())).noneMatch(k -> k.endsWith(newer.getMemoryId()));
        }
    }

    @Test
    void memoriesOfDifferentScopesNeverMergeEvenWhenIdentical() {
        try (MemoryIndexFixture byUser = new MemoryIndexFixture()) {
            byUser.send(candidate("alice", "s1#0", "I love sushi.").setAgentId("food"));
            byUser.send(candidate("bob", "s2#0", "I love sushi.").setAgentId("food"));
            byUser.send(candidate("alice", "s3#0", "I love sushi.").setAgentId("travel"));
            assertThat(byUser.table().values()).extracting(EnhancedMemory::getUserId, EnhancedMemory::getReinforcementCount)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("alice", 2), org.assertj.core.groups.Tuple.tuple("bob", 1));
        }
        try (MemoryIndexFixture byAgentAndUser = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_SCOPE, "agent_user"))) {
            byAgentAndUser.send(candidate("alice", "s1#0", "I love sushi.").setAgentId("food"));
            byAgentAndUser.send(candidate("alice", "s3#0", "I love sushi.").setAgentId("travel"));
            byAgentAndUser.send(candidate("alice", "s4#0", "I love sushi."));
            assertThat(byAgentAndUser.table().values()).extracting(EnhancedMemory::getAgentId)
                    .containsExactlyInAnyOrder("food", "travel", null);
        }
    }

    @Test
    void invalidCommandGoesToTheDeadLetterTopicWithTheReasonAndForgetsNothing() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture()) {
            EnhancedMemory paris = fixture.send(candidate("alice", "s1#0", "I live in Paris."));
            fixture.emitted();
            SpecificAvroSerde<io.memstream.schemas.MemoryCommand> serde =
                    SpecificAvroSerde.forValues(io.memstream.schemas.MemoryCommand.class, fixture.config.schemaRegistryUrl());

            byte[] misrouted = serde.serialize("memory-commands", MemoryIndexFixture.command(MemoryCommandType.FORGET_USER, "alice", null));
            fixture.rawCommands.pipeInput("bob".getBytes(StandardCharsets.UTF_8), misrouted);
            byte[] noMemoryId = serde.serialize("memory-commands", MemoryIndexFixture.command(MemoryCommandType.FORGET_MEMORY, "alice", null));
            fixture.rawCommands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), noMemoryId);
            fixture.rawCommands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), "forget alice".getBytes(StandardCharsets.UTF_8));

            List<TestRecord<byte[], byte[]>> dead = fixture.commandDeadLetters.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, DeadLetters.ERROR_STAGE)).containsExactly("VALIDATE", "VALIDATE", "DECODE");
            assertThat(header(dead.get(0), DeadLetters.ERROR_MESSAGE)).contains("key memory commands by user_id");
            assertThat(header(dead.get(1), DeadLetters.ERROR_MESSAGE)).contains("memory_id (required by FORGET_MEMORY) is blank");
            assertThat(dead.get(2).value()).isEqualTo("forget alice".getBytes(StandardCharsets.UTF_8));
            assertThat(fixture.emitted()).isEmpty();
            assertThat(fixture.indexedMemoryKeys()).singleElement().satisfies(k -> assertThat(k).endsWith(paris.getMemoryId()));
        }
    }

    @Test
    void embeddingThatKeepsFailingPassesTheMemoryOnWithoutOneMatchedByContentOnly() {
        Embedder broken = new Embedder() {
            @Override
            public float[] embed(String text) {
                throw new IllegalStateException("embedding endpoint down");
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(MemstreamConfig.MEMORY_EMBEDDING_MAX_ATTEMPTS, 2),
                new MemoryServices(broken, SupersedeJudge.NONE, 0, new SimpleMeterRegistry()));
             var chat = new ChatDriver(fixture)) {
            chat.say("s1", "alice", "I love hiking in the Alps.");
            chat.say("s2", "alice", "I love hiking in the Alps!");

            assertThat(fixture.table().values()).singleElement().satisfies(m -> {
                assertThat(m.getEmbedding()).isNull();
                assertThat(m.getReinforcementCount()).isEqualTo(2);
            });
        }
    }

    @Test
    void chatMessagesBecomeIndexedMemoriesThroughTheWholeTopology() {
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(); var chat = new ChatDriver(fixture)) {
            chat.say("s1", "alice", "I live in Paris. I love hiking in the Alps.");
            chat.say("s2", "alice", "I moved to Berlin. I love hiking in the Alps.");

            Map<String, EnhancedMemory> table = fixture.table();
            assertThat(table.values()).extracting(EnhancedMemory::getContent, EnhancedMemory::getStatus, EnhancedMemory::getReinforcementCount)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("I live in Paris.", MemoryStatus.SUPERSEDED, 1),
                            org.assertj.core.groups.Tuple.tuple("I moved to Berlin.", MemoryStatus.ACTIVE, 1),
                            org.assertj.core.groups.Tuple.tuple("I love hiking in the Alps.", MemoryStatus.ACTIVE, 2));
            assertThat(table.values()).allSatisfy(m -> assertThat(m.getEmbedding()).hasSize(384));
        }
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Chat messages into the fixture's topology: one session per call, closed at once. */
    private static final class ChatDriver implements AutoCloseable {
        private final org.apache.kafka.streams.TestInputTopic<String, io.memstream.schemas.ChatMessage> messages;
        private int sequence;

        ChatDriver(MemoryIndexFixture fixture) {
            messages = fixture.driver.createInputTopic(fixture.config.topics().messages(),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    SpecificAvroSerde.forValues(io.memstream.schemas.ChatMessage.class, fixture.config.schemaRegistryUrl()));
        }

        void say(String sessionId, String userId, String content) {
            for (io.memstream.schemas.MessageType type : io.memstream.schemas.MessageType.values()) {
                Instant at = START.plusSeconds(++sequence);
                messages.pipeInput(sessionId, io.memstream.schemas.ChatMessage.newBuilder()
                        .setMessageId("m" + sequence).setSessionId(sessionId).setUserId(userId)
                        .setRole(io.memstream.schemas.Role.USER).setContent(type == io.memstream.schemas.MessageType.MESSAGE ? content : "")
                        .setTimestamp(at).setTimezone("Europe/Paris").setType(type).build());
            }
        }

        @Override
        public void close() {
        }
    }
}
