package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.topology.TopologyFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stopRecording() {
        registry.close();
    }

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void countsBatchesByHowTheyClosedRetriesDeadLettersAndMemories() {
        try (TopologyFixture fixture = new TopologyFixture(Map.of(), null, registry)) {
            for (int i = 0; i < 21; i++) {
                fixture.send(fixture.message("s1", i == 3 ? "I live in Paris." : "message " + i));
            }
            var retried = fixture.message("s1", "retried");
            fixture.send(retried);
            fixture.send(retried);
            fixture.send(fixture.sessionEnd("s1"));
            fixture.rawMessages.pipeInput("s1".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9});

            assertThat(count(MetricNames.BATCHES_CLOSED, MetricNames.TAG_CLOSED_BY, "COUNT")).isEqualTo(1);
            assertThat(count(MetricNames.BATCHES_CLOSED, MetricNames.TAG_CLOSED_BY, "SESSION_END")).isEqualTo(1);
            assertThat(count(MetricNames.MESSAGES_BATCHED)).isEqualTo(22);
            assertThat(count(MetricNames.MESSAGES_DUPLICATE)).isEqualTo(1);
            assertThat(count(MetricNames.DEAD_LETTERS, MetricNames.TAG_STAGE, "DECODE", MetricNames.TAG_TOPIC, "chat-messages"))
                    .isEqualTo(1);
            assertThat(count(MetricNames.MEMORIES_EXTRACTED, MetricNames.TAG_MODEL, "offline")).isEqualTo(1);
            assertThat(registry.find(MetricNames.BATCH_PROCESSING).timer().count()).isEqualTo(2);
            assertThat(registry.find(MetricNames.MEMORY_QUALITY).summary().count()).isEqualTo(1);
        }
    }
}
