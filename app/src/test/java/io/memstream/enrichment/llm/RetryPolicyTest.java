package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesUpToTheCapWithEqualJitter() {
        RetryPolicy low = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500), () -> 0.0);
        RetryPolicy high = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500), () -> 0.999_999);
        assertThat(low.backoff(0, Optional.empty())).isEqualTo(Duration.ofMillis(50));
        assertThat(high.backoff(0, Optional.empty())).isEqualTo(Duration.ofMillis(99));
        assertThat(low.backoff(2, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(low.backoff(10, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(high.backoff(40, Optional.empty())).isEqualTo(Duration.ofMillis(499));
    }

    @Test
    void aLongerRetryAfterWins() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.5);
        assertThat(policy.backoff(0, Optional.of(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(0, Optional.of(Duration.ofMillis(1)))).isEqualTo(Duration.ofMillis(75));
    }

    @Test
    void classifiesWhatIsWorthARetry() {
        ProviderHttpException tooMany = new ProviderHttpException(429, "slow down", Duration.ofSeconds(7));
        assertThat(RetryPolicy.classify(new RateLimitException(tooMany))).isEqualTo(RetryPolicy.Failure.RATE_LIMITED);
        assertThat(RetryPolicy.retryAfter(new RateLimitException(tooMany))).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.classify(new InternalServerException("x"))).isEqualTo(RetryPolicy.Failure.SERVER_ERROR);
        assertThat(RetryPolicy.classify(new TimeoutException("x"))).isEqualTo(RetryPolicy.Failure.TIMEOUT);
        assertThat(RetryPolicy.classify(new ProviderConnectionException("http://x", new java.net.ConnectException())))
                .isEqualTo(RetryPolicy.Failure.CONNECTION);
        assertThat(RetryPolicy.classify(new AuthenticationException("x"))).isEqualTo(RetryPolicy.Failure.AUTHENTICATION);
        assertThat(RetryPolicy.Failure.AUTHENTICATION.retryable()).isFalse();
        assertThat(RetryPolicy.classify(new ProviderHttpException(400, "bad", null))).isEqualTo(RetryPolicy.Failure.REJECTED);
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(ProviderHttpClient.parseRetryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ProviderHttpClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(ProviderHttpClient.parseRetryAfter("soon")).isNull();
    }
}
