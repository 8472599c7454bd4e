package io.memstream.enrichment.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.memstream.config.LlmProviderSettings;
import io.memstream.ops.MetricNames;
import io.memstream.ops.OutageLog;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LLM provider with its protections: a concurrency limit, a rate limit, retries with backoff and jitter on
 * 429 / 5xx / timeouts / connection errors (honouring Retry-After), and a circuit breaker. Every HTTP call is timed,
 * and the tokens it used are counted and priced.
 *
 * <p>{@link #chat} blocks its (worker) thread for the call, the backoffs and the limits; it never runs on a stream
 * thread. When the provider cannot answer it throws {@link ProviderUnavailableException} with a hint of when to ask
 * again, and the caller moves on to the next provider.
 */
public final class LlmProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LlmProvider.class);

    private final LlmProviderSettings settings;
    private final ChatModel model;
    private final CircuitBreaker breaker;
    private final OutageLog outages;
    private final RetryPolicy retryPolicy;
    private final RateLimiter rateLimiter;
    private final Semaphore concurrency;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final Object cooldownLock = new Object();
    private long cooldownUntil;

    /**
     * @param whileDown what happens to batches while this provider is down, for the outage log ("batches go to
     *                  the offline enricher")
     */
    public LlmProvider(LlmProviderSettings settings, ChatModel model, Sleeper sleeper, LongSupplier nanoTime,
                       RetryPolicy retryPolicy, String whileDown) {
        this.settings = settings;
        this.model = model;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.retryPolicy = retryPolicy;
        this.outages = new OutageLog(LOG, "LLM provider " + settings.label(), whileDown, nanoTime);
        this.breaker = new CircuitBreaker(settings.name(), settings.breakerFailures(), settings.breakerOpenFor(), nanoTime,
                outages);
        this.rateLimiter = new RateLimiter(settings.ratePerMinute(), nanoTime);
        this.concurrency = new Semaphore(settings.maxConcurrency(), true);
        this.cooldownUntil = nanoTime.getAsLong();
    }

    public String name() {
        return settings.name();
    }

    /** {@code <provider>/<model>}, as memories record it. */
    public String label() {
        return settings.label();
    }

    public LlmProviderSettings settings() {
        return settings;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Where this provider's outages are logged, with what the pipeline did meanwhile. */
    public OutageLog outages() {
        return outages;
    }

    /** Sends one request, retrying what is worth retrying; the answer of the first successful attempt. */
    public ChatResponse chat(ChatRequest request) {
        for (int retry = 0; ; retry++) {
            refuseWhileResting();
            Attempt attempt = attempt(request);
            if (attempt.response() != null) {
                return attempt.response();
            }
            RuntimeException failure = attempt.failure();
            RetryPolicy.Failure kind = RetryPolicy.classify(failure);
            String reason = kind.name().toLowerCase(Locale.ROOT);
            Optional<Duration> retryAfter = RetryPolicy.retryAfter(failure);
            if (retryAfter.isPresent() && retryAfter.get().compareTo(retryPolicy.max()) > 0) {
                restFor(retryAfter.get());
                throw new ProviderUnavailableException(name(), reason, retryAfter.get(),
                        "asked to wait " + retryAfter.get().toSeconds() + "s (Retry-After)", failure);
            }
            if (!kind.retryable() || retry >= settings.retries()) {
                throw new ProviderUnavailableException(name(), reason, breaker.untilProbe(),
                        (kind.retryable() ? "gave up after " + (retry + 1) + " attempts: " : "") + failure.getMessage(),
                        failure);
            }
            Metrics.counter(MetricNames.LLM_RETRIES, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_REASON, reason)
                    .increment();
            pause(retryPolicy.backoff(retry, retryAfter));
        }
    }

    /** How one HTTP call ended: an answer or a failure. */
    private record Attempt(ChatResponse response, RuntimeException failure) {
    }

    /** One HTTP call under the limits and the breaker. */
    private Attempt attempt(ChatRequest request) {
        acquireSlot();
        try {
            pause(rateLimiter.reserve());
            if (!breaker.tryAcquire()) {
                throw new ProviderUnavailableException(name(), "breaker_open", breaker.untilProbe(),
                        "circuit open after " + breaker.consecutiveFailures() + " consecutive failures", null);
            }
            long start = nanoTime.getAsLong();
            try {
                ChatResponse response = model.chat(request);
                breaker.onSuccess();
                record(start, "success");
                count(response.tokenUsage());
                return new Attempt(response, null);
            } catch (RuntimeException e) {
                breaker.onFailure(e);
                record(start, RetryPolicy.classify(e).name().toLowerCase(Locale.ROOT));
                return new Attempt(null, e);
            }
        } finally {
            concurrency.release();
        }
    }

    private void acquireSlot() {
        try {
            concurrency.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(name(), "interrupted", Duration.ZERO, "interrupted", e);
        }
    }

    private void pause(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(name(), "interrupted", Duration.ZERO, "interrupted", e);
        }
    }

    private void refuseWhileResting() {
        long remaining;
        synchronized (cooldownLock) {
            remaining = cooldownUntil - nanoTime.getAsLong();
        }
        if (remaining > 0) {
            throw new ProviderUnavailableException(name(), "cooling_down", Duration.ofNanos(remaining),
                    "resting as its Retry-After asked", null);
        }
    }

    private void restFor(Duration wait) {
        synchronized (cooldownLock) {
            cooldownUntil = Math.max(cooldownUntil, nanoTime.getAsLong() + wait.toNanos());
        }
    }

    /** How long until this provider may be asked again: its breaker or its Retry-After rest. */
    public Duration unavailableFor() {
        long rest;
        synchronized (cooldownLock) {
            rest = Math.max(0, cooldownUntil - nanoTime.getAsLong());
        }
        Duration breakerWait = breaker.untilProbe();
        return breakerWait.toNanos() > rest ? breakerWait : Duration.ofNanos(rest);
    }

    private void record(long start, String outcome) {
        Timer.builder(MetricNames.LLM_LATENCY)
                .tags(MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model(),
                        MetricNames.TAG_OUTCOME, outcome)
                .register(Metrics.globalRegistry)
                .record(nanoTime.getAsLong() - start, TimeUnit.NANOSECONDS);
    }

    private void count(TokenUsage usage) {
        if (usage == null) {
            return;
        }
        long in = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        Metrics.counter(MetricNames.LLM_TOKENS, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model(),
                MetricNames.TAG_DIRECTION, "in").increment(in);
        Metrics.counter(MetricNames.LLM_TOKENS, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model(),
                MetricNames.TAG_DIRECTION, "out").increment(out);
        double cost = in / 1000.0 * settings.priceInputPer1k() + out / 1000.0 * settings.priceOutputPer1k();
        Metrics.counter(MetricNames.LLM_COST, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model())
                .increment(cost);
    }
}
