package io.memstream.enrichment.llm;

import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.memstream.config.LlmProviderSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The resilience4j policies of one provider, from its {@code enrichment.<provider>.*} settings: the bulkhead
 * ({@code .max.concurrency}), the rate limiter ({@code .rate.limit.per.minute}) and the retry ({@code .retries},
 * {@code .retry.backoff}, {@code .retry.backoff.max}). The breaker is {@link ProviderBreaker}.
 */
final class ProviderPolicies {

    /** A wait with no end: calls queue for a concurrency or rate slot as long as it takes, as before any limit. */
    private static final Duration UNBOUNDED = Duration.ofNanos(Long.MAX_VALUE);

    private ProviderPolicies() {
    }

    /** At most {@code .max.concurrency} calls at once; the others wait their turn, first come first served. */
    static Bulkhead bulkhead(LlmProviderSettings settings) {
        return Bulkhead.of(settings.name(), BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrency())
                .maxWaitDuration(UNBOUNDED)
                .fairCallHandlingStrategyEnabled(true)
                .build());
    }

    /**
     * At most {@code permitsPerMinute} calls a minute, spread evenly: one per minute/{@code permitsPerMinute}, each call
     * reserving the next free one and told how long to wait for it; empty for 0, no limit. The limiter is built on
     * {@code nanoTime} (its internal class is the only way resilience4j takes a clock), so tests move time by hand.
     */
    static Optional<RateLimiter> rateLimiter(String name, int permitsPerMinute, LongSupplier nanoTime) {
        if (permitsPerMinute == 0) {
            return Optional.empty();
        }
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofMinutes(1).dividedBy(permitsPerMinute))
                .timeoutDuration(UNBOUNDED)
                .build();
        return Optional.of(new AtomicRateLimiter(name, config, nanoTime::getAsLong));
    }

    /**
     * {@code .retries} retries of a failure worth one, after {@link #backoff}. A Retry-After beyond the backoff cap is
     * not waited for: the batch goes on to the next provider, and this one rests (see {@link LlmProvider}).
     */
    static Retry retry(LlmProviderSettings settings, DoubleSupplier random) {
        return Retry.of(settings.name(), RetryConfig.<ChatResponse>custom()
                .maxAttempts(settings.retries() + 1)
                .retryOnException(error -> ProviderFailure.of(error).retryable()
                        && !asksToWaitBeyond(error, settings.retryBackoffMax()))
                .intervalBiFunction(backoff(settings.retryBackoff(), settings.retryBackoffMax(), random))
                .build());
    }

    static boolean asksToWaitBeyond(Throwable error, Duration cap) {
        return ProviderFailure.retryAfter(error).filter(wait -> wait.compareTo(cap) > 0).isPresent();
    }

    /**
     * The wait before retry {@code attempt} (1 for the first): resilience4j's exponential backoff from {@code initial},
     * doubling up to {@code max}, with equal jitter (half of it fixed, half random) so that batches failing together
     * do not retry together; a Retry-After longer than that wins. Not resilience4j's randomized backoff: that one
     * spreads around the backoff, past the cap, and draws from {@code Math.random}, which a test cannot fix.
     */
    static <T> IntervalBiFunction<T> backoff(Duration initial, Duration max, DoubleSupplier random) {
        IntervalFunction doubling = IntervalFunction.ofExponentialBackoff(initial, 2, max);
        return (attempt, outcome) -> {
            long capped = doubling.apply(attempt);
            long jittered = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
            long retryAfter = outcome.isLeft()
                    ? ProviderFailure.retryAfter(outcome.getLeft()).map(Duration::toMillis).orElse(0L) : 0;
            return Math.max(jittered, retryAfter);
        };
    }
}
