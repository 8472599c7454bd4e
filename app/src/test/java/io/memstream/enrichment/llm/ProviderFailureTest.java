package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderFailureTest {

    @Test
    void classifiesWhatIsWorthARetry() {
        ProviderHttpException tooMany = new ProviderHttpException(429, "slow down", Duration.ofSeconds(7));
        assertThat(ProviderFailure.of(new RateLimitException(tooMany))).isEqualTo(ProviderFailure.RATE_LIMITED);
        assertThat(ProviderFailure.retryAfter(new RateLimitException(tooMany))).contains(Duration.ofSeconds(7));
        assertThat(ProviderFailure.of(new InternalServerException("x"))).isEqualTo(ProviderFailure.SERVER_ERROR);
        assertThat(ProviderFailure.of(new TimeoutException("x"))).isEqualTo(ProviderFailure.TIMEOUT);
        assertThat(ProviderFailure.of(new ProviderConnectionException("http://x", new java.net.ConnectException())))
                .isEqualTo(ProviderFailure.CONNECTION);
        assertThat(ProviderFailure.of(new AuthenticationException("x"))).isEqualTo(ProviderFailure.AUTHENTICATION);
        assertThat(ProviderFailure.AUTHENTICATION.retryable()).isFalse();
        assertThat(ProviderFailure.of(new ProviderHttpException(400, "bad", null))).isEqualTo(ProviderFailure.REJECTED);
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(ProviderHttpClient.parseRetryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ProviderHttpClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(ProviderHttpClient.parseRetryAfter("soon")).isNull();
    }
}
