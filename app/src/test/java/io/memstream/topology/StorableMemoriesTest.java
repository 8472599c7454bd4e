package io.memstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.domain.Enricher;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.text.StorableText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableMemoriesTest {

    /** An enricher whose memory carries what an LLM answer's JSON escapes can hold: a NUL and a lone surrogate. */
    private static final Enricher UNSTORABLE_ANSWER = new Enricher() {
        @Override
        public List<EnhancedMemory> enrich(MessageBatch batch) {
            return List.of(EnhancedMemory.newBuilder()
                    .setMemoryId("memory-of-" + batch.getBatchId()).setUserId(batch.getUserId())
                    .setSessionId(batch.getSessionId()).setContent("The user's locker code is 4471\u0000.")
                    .setSummary("locker \uD83D code").setCategory("other").setPersona("default").setImportance(3)
                    .setQualityScore(3).setConfidence(0.9).setFirstSeen(batch.getOpenedAt())
                    .setLastSeen(batch.getClosedAt()).setModel("test").setPromptVersion("test").build());
        }

        @Override
        public String model() {
            return "test";
        }
    };

    @Test
    void noMemoryReachesTheMemoriesTopicWithTextPostgresCannotStore() {
        try (TopologyFixture fixture = new TopologyFixture(Map.of(), UNSTORABLE_ANSWER)) {
            fixture.send(fixture.message("s1", "My locker code is 4471."));
            fixture.send(fixture.sessionEnd("s1"));

            EnhancedMemory memory = fixture.memories.readValue();
            assertThat(memory.getContent()).isEqualTo("The user's locker code is 4471.");
            // Avro's encoder already wrote the lone surrogate as '?' on the way through the embedding queue.
            assertThat(StorableText.isStorable(memory.getSummary())).isTrue();
        }
    }
}
