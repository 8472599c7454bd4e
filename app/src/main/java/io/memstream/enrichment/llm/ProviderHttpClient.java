package io.memstream.enrichment.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The langchain4j HTTP client of memstream's providers, over the JDK client. It differs from langchain4j's own JDK
 * client in two ways: an error answer keeps its Retry-After header ({@link ProviderHttpException}), and the timeout
 * covers the whole exchange, body included, so a server that sends headers and then stalls still times out.
 */
final class ProviderHttpClient implements HttpClient {

    private final java.net.http.HttpClient http;
    private final Duration timeout;
    private final JdkHttpClient streaming;

    private ProviderHttpClient(Builder builder) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (builder.connectTimeout != null) {
            jdk.connectTimeout(builder.connectTimeout);
        }
        this.http = jdk.build();
        this.timeout = builder.readTimeout;
        this.streaming = JdkHttpClient.builder().connectTimeout(builder.connectTimeout).readTimeout(builder.readTimeout).build();
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(toJdkRequest(request), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = timeout == null ? exchange.get() : exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            throw new TimeoutException("no complete answer from " + request.url() + " within " + timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.url(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new TimeoutException(e.getCause());
            }
            throw new ProviderConnectionException(request.url(), e.getCause());
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new ProviderHttpException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                    retryAfter(response.headers()));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (timeout != null) {
            builder.timeout(timeout);
        }
        return builder.build();
    }

    /** Retry-After as delta-seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::strip).map(ProviderHttpClient::parseRetryAfter).orElse(null);
    }

    static Duration parseRetryAfter(String value) {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 10) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(Instant.now(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Builds the client langchain4j's chat models ask for; they set the timeouts. */
    static final class Builder implements HttpClientBuilder {

        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(this);
        }
    }
}
