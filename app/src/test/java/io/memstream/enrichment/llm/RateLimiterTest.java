package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void spreadsCallsEvenlyOverTheMinute() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(120, now::get);
        assertThat(limiter.reserve()).isEqualTo(Duration.ZERO);
        assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(500));
        assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(1000));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(limiter.reserve()).as("an idle limiter has no backlog").isEqualTo(Duration.ZERO);
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter(0, System::nanoTime);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.reserve()).isEqualTo(Duration.ZERO);
        }
    }
}
