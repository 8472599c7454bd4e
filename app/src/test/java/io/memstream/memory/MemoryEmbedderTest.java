package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.topology.TopologyNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The embedder stage: memories wait in the changelogged queue off the stream thread and leave it in order. */
class MemoryEmbedderTest {

    /** An executor whose tasks the test runs when it chooses. */
    private static final class ManualExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    @Test
    void memoriesWaitInTheQueueUntilEmbeddedAndReachTheIndexInTheOrderTheyWereEnriched() {
        ManualExecutor executor = new ManualExecutor();
        try (MemoryIndexFixture fixture = new MemoryIndexFixture(Map.of(),
                new MemoryServices(Embedders.local(), SupersedeJudge.NONE, executor))) {
            var chat = fixture.driver.createInputTopic(fixture.config.messagesTopic(),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    io.memstream.serde.SpecificAvroSerde.forValues(io.memstream.schemas.ChatMessage.class,
                            fixture.config.schemaRegistryUrl()));
            chat.pipeInput("s1", message("m1", io.memstream.schemas.MessageType.MESSAGE, "I live in Paris. I love sushi."));
            chat.pipeInput("s1", message("m2", io.memstream.schemas.MessageType.SESSION_END, ""));

            assertThat(executor.tasks).hasSize(2);
            assertThat(fixture.storeKeys(TopologyNames.EMBEDDING_QUEUE_STORE)).hasSize(2);
            assertThat(fixture.emitted()).isEmpty();

            // The second memory's embedding finishes first: it waits behind the first.
            executor.tasks.get(1).run();
            fixture.advanceWallClock(Duration.ofSeconds(1));
            assertThat(fixture.emitted()).isEmpty();

            executor.tasks.get(0).run();
            fixture.advanceWallClock(Duration.ofSeconds(1));
            assertThat(fixture.emitted()).extracting(kv -> kv.value.getContent()).containsExactly("I live in Paris.", "I love sushi.");
            assertThat(fixture.storeKeys(TopologyNames.EMBEDDING_QUEUE_STORE)).isEmpty();
        }
    }

    private static io.memstream.schemas.ChatMessage message(String id, io.memstream.schemas.MessageType type, String content) {
        return io.memstream.schemas.ChatMessage.newBuilder().setMessageId(id).setSessionId("s1").setUserId("alice")
                .setRole(io.memstream.schemas.Role.USER).setContent(content).setTimestamp(MemoryIndexFixture.START)
                .setTimezone("Europe/Paris").setType(type).build();
    }

}
