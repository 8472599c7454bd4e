package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

/** The embedder stage: memories wait in the changelogged queue off the stream thread and leave it in order. */
class MemoryEmbedderTest {

    /** An executor whose tasks the test runs when it chooses; a retry's delayed task arrives from another thread. */
    private static final class ManualExecutor implements Executor {
        final List<Runnable> tasks = new CopyOnWriteArrayList<>();
        private int ran;

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs the tasks not run yet, in the order they came. */
        void runPending() {
            while (ran < tasks.size()) {
                tasks.get(ran++).run();
            }
        }

        void awaitTask(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tasks.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(tasks).hasSizeGreaterThanOrEqualTo(count);
        }
    }

    @Test
    void memoriesWaitInTheQueueUntilEmbeddedAndReachTheIndexInTheOrderTheyWereEnriched() throws InterruptedException {
        ManualExecutor executor = new ManualExecutor();
        RecordingEmbedder embedder = new RecordingEmbedder(Set.of("I live in Paris."));
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(),
                new MemoryServices(embedder, SupersedeJudge.NONE, executor, 1, new SimpleMeterRegistry()))) {
            TestInputTopic<String, ChatMessage> chat = chat(fixture);
            chat.pipeInput("s1", message("m1", MessageType.MESSAGE, "I live in Paris. I love sushi."));
            chat.pipeInput("s1", message("m2", MessageType.SESSION_END, ""));

            assertThat(executor.tasks).hasSize(2);
            assertThat(fixture.storeKeys(TopologyNames.EMBEDDING_QUEUE_STORE)).hasSize(2);
            assertThat(fixture.emitted()).isEmpty();

            // The first memory's embedding fails and is retried after a backoff; the second one's is done: it waits.
            executor.runPending();
            fixture.advanceWallClock(Duration.ofSeconds(1));
            assertThat(fixture.emitted()).isEmpty();

            executor.awaitTask(3);
            executor.runPending();
            fixture.advanceWallClock(Duration.ofSeconds(1));
            assertThat(fixture.emitted()).extracting(kv -> kv.value.getContent()).containsExactly("I live in Paris.", "I love sushi.");
            assertThat(fixture.storeKeys(TopologyNames.EMBEDDING_QUEUE_STORE)).isEmpty();
        }
    }

    @Test
    void memoriesWaitingTogetherAreEmbeddedInOneCall() {
        ManualExecutor executor = new ManualExecutor();
        RecordingEmbedder embedder = new RecordingEmbedder();
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(),
                new MemoryServices(embedder, SupersedeJudge.NONE, executor, 8, new SimpleMeterRegistry()))) {
            TestInputTopic<String, ChatMessage> chat = chat(fixture);
            chat.pipeInput("s1", message("m1", MessageType.MESSAGE, "I live in Paris. I love sushi. I work as a nurse."));
            chat.pipeInput("s1", message("m2", MessageType.SESSION_END, ""));

            executor.runPending();
            fixture.advanceWallClock(Duration.ofSeconds(1));

            assertThat(embedder.calls).containsExactly(List.of("I live in Paris.", "I love sushi.", "I work as a nurse."));
            assertThat(fixture.emitted()).extracting(kv -> kv.value.getContent())
                    .containsExactly("I live in Paris.", "I love sushi.", "I work as a nurse.");
        }
    }

    private static TestInputTopic<String, ChatMessage> chat(MemoryIndexFixture fixture) {
        return fixture.driver.createInputTopic(fixture.config.topics().messages(), new StringSerializer(),
                SpecificAvroSerde.forValues(ChatMessage.class, fixture.config.schemaRegistryUrl()));
    }

    private static ChatMessage message(String id, MessageType type, String content) {
        return ChatMessage.newBuilder().setMessageId(id).setSessionId("s1").setUserId("alice")
                .setRole(Role.USER).setContent(content).setTimestamp(MemoryIndexFixture.START)
                .setTimezone("Europe/Paris").setType(type).build();
    }
}
