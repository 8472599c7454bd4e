package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PromptCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final PromptCache.Answer answer = new PromptCache.Answer(List.of(), "openai:gpt");

    @Test
    void anAnswerIsServedUntilItsTimeToLivePasses() {
        PromptCache cache = new PromptCache(10, Duration.ofMinutes(1), now::get, new SimpleMeterRegistry());
        cache.put("h1", answer);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cache.get("h1")).contains(answer);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.get("h1")).isEmpty();
        assertThat(cache.hitRatio()).isEqualTo(0.5);
    }

    @Test
    void itHoldsAtMostMaxEntries() {
        PromptCache cache = new PromptCache(2, Duration.ofHours(1), now::get, new SimpleMeterRegistry());
        for (int i = 0; i < 10; i++) {
            cache.put("h" + i, answer);
        }
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void zeroEntriesCachesNothing() {
        PromptCache cache = new PromptCache(0, Duration.ofHours(1), now::get, new SimpleMeterRegistry());
        cache.put("h1", answer);
        assertThat(cache.get("h1")).isEmpty();
        assertThat(cache.hitRatio()).isZero();
    }
}
