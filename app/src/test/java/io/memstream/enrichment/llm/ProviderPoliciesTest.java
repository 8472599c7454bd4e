package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.RateLimitException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.memstream.config.EnrichmentProvider;
import io.memstream.config.LlmProviderSettings;
import io.memstream.config.LlmResponseFormat;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProviderPoliciesTest {

    private static final RuntimeException SERVER_ERROR = new ProviderHttpException(500, "boom", null);

    private static Duration backoff(IntervalBiFunction<Object> backoff, int retry, RuntimeException failure) {
        return Duration.ofMillis(backoff.apply(retry + 1, Either.left(failure)));
    }

    private static RuntimeException tooMany(Duration retryAfter) {
        return new RateLimitException(new ProviderHttpException(429, "slow down", retryAfter));
    }

    @Test
    void backoffDoublesUpToTheCapWithEqualJitter() {
        IntervalBiFunction<Object> low = ProviderPolicies.backoff(Duration.ofMillis(100), Duration.ofMillis(500), () -> 0.0);
        IntervalBiFunction<Object> high = ProviderPolicies.backoff(Duration.ofMillis(100), Duration.ofMillis(500),
                () -> 0.999_999);
        assertThat(backoff(low, 0, SERVER_ERROR)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff(high, 0, SERVER_ERROR)).isEqualTo(Duration.ofMillis(99));
        assertThat(backoff(low, 2, SERVER_ERROR)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff(low, 10, SERVER_ERROR)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff(high, 40, SERVER_ERROR)).isEqualTo(Duration.ofMillis(499));
    }

    @Test
    void aLongerRetryAfterWins() {
        IntervalBiFunction<Object> policy = ProviderPolicies.backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.5);
        assertThat(backoff(policy, 0, tooMany(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff(policy, 0, tooMany(Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(75));
    }

    private static LlmProviderSettings settings(int retries) {
        return new LlmProviderSettings(EnrichmentProvider.OPENAI, "http://localhost", "m", null, Duration.ofSeconds(30), retries,
                Duration.ofMillis(500), Duration.ofSeconds(20), 5, Duration.ofSeconds(30), 64, 0, 0, 0, LlmResponseFormat.JSON_SCHEMA, 0,
                2048);
    }

    @Test
    void retriesTransientFailuresWithTheRetryAfterTheyAskForUntilTheRetriesAreSpent() {
        Retry.AsyncContext<Object> retries = ProviderPolicies.retry(settings(2), () -> 0.5).asyncContext();
        assertThat(retries.onError(tooMany(Duration.ofSeconds(3)))).as("Retry-After honoured").isEqualTo(3_000);
        assertThat(retries.onError(SERVER_ERROR)).as("500 ms doubled, equal jitter at 0.5").isEqualTo(750);
        assertThat(retries.onError(SERVER_ERROR)).as("two retries spent").isNegative();
    }

    @Test
    void neitherRetriesWhatARetryCannotMendNorWaitsForARetryAfterBeyondTheCap() {
        Retry retry = ProviderPolicies.retry(settings(2), () -> 0.5);
        assertThat(retry.asyncContext().onError(new ProviderHttpException(401, "bad key", null))).isNegative();
        assertThat(retry.asyncContext().onError(tooMany(Duration.ofSeconds(21)))).isNegative();
        assertThat(ProviderPolicies.asksToWaitBeyond(tooMany(Duration.ofSeconds(21)), Duration.ofSeconds(20))).isTrue();
    }

    private static Duration reserve(RateLimiter limiter) {
        return Duration.ofNanos(limiter.reservePermission());
    }

    @Test
    void spreadsCallsEvenlyOverTheMinute() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = ProviderPolicies.rateLimiter("p", 120, now::get).orElseThrow();
        assertThat(reserve(limiter)).isEqualTo(Duration.ZERO);
        assertThat(reserve(limiter)).isEqualTo(Duration.ofMillis(500));
        assertThat(reserve(limiter)).isEqualTo(Duration.ofMillis(1000));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(reserve(limiter)).as("an idle limiter has no backlog").isEqualTo(Duration.ZERO);
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(ProviderPolicies.rateLimiter("p", 0, System::nanoTime)).isEmpty();
    }
}
