package io.memstream.enrichment.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.memstream.config.LlmProviderSettings;
import io.memstream.ops.MetricNames;
import io.memstream.ops.OutageLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LLM provider with its protections, resilience4j's (see {@link ProviderPolicies}): a bulkhead, a rate limit,
 * retries with backoff and jitter on 429 / 5xx / timeouts / connection errors (honouring Retry-After), and a circuit
 * breaker ({@link ProviderBreaker}). Every HTTP call is timed, and the tokens it used are counted and priced.
 *
 * <p>{@link #chat} blocks its (worker) thread for the call, the backoffs and the limits; it never runs on a stream
 * thread. When the provider cannot answer it throws {@link ProviderUnavailableException} with a hint of when to ask
 * again, and the caller moves on to the next provider.
 */
public final class LlmProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LlmProvider.class);

    private final LlmProviderSettings settings;
    private final ChatModel model;
    private final ProviderBreaker breaker;
    private final OutageLog outages;
    private final Retry retry;
    private final Optional<RateLimiter> rateLimiter;
    private final Bulkhead bulkhead;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final MeterRegistry registry;
    private final Object cooldownLock = new Object();
    private long cooldownUntil;

    /**
     * @param random    the jitter of retry backoffs, in [0, 1)
     * @param whileDown what happens to batches while this provider is down, for the outage log ("batches go to
     *                  the offline enricher")
     */
    public LlmProvider(LlmProviderSettings settings, ChatModel model, Sleeper sleeper, LongSupplier nanoTime,
                       DoubleSupplier random, String whileDown, MeterRegistry registry) {
        this.registry = registry;
        this.settings = settings;
        this.model = model;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.outages = new OutageLog(LOG, "LLM provider " + settings.label(), whileDown, nanoTime);
        this.breaker = new ProviderBreaker(settings.name(), settings.breakerFailures(), settings.breakerOpenFor(),
                nanoTime, outages, registry);
        this.retry = ProviderPolicies.retry(settings, random);
        this.rateLimiter = ProviderPolicies.rateLimiter(settings.name(), settings.ratePerMinute(), nanoTime);
        this.bulkhead = ProviderPolicies.bulkhead(settings);
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

    public ProviderBreaker breaker() {
        return breaker;
    }

    /** Where this provider's outages are logged, with what the pipeline did meanwhile. */
    public OutageLog outages() {
        return outages;
    }

    /**
     * Sends one request, retrying what is worth retrying; the answer of the first successful attempt. The retry runs
     * on resilience4j's async context, which hands back each wait instead of sleeping it: its blocking context sleeps
     * in one static function for the whole JVM, where this provider's {@link Sleeper} could not take its place.
     */
    public ChatResponse chat(ChatRequest request) {
        Retry.AsyncContext<ChatResponse> retries = retry.asyncContext();
        for (int attempts = 1; ; attempts++) {
            refuseWhileResting();
            Attempt attempt = attempt(request);
            if (attempt.response() != null) {
                retries.onComplete();
                return attempt.response();
            }
            long waitMillis = retries.onError(attempt.failure());
            if (waitMillis < 0) {
                throw givenUp(attempt.failure(), attempts);
            }
            registry.counter(MetricNames.LLM_RETRIES, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_REASON,
                    ProviderFailure.of(attempt.failure()).tag()).increment();
            pause(Duration.ofMillis(waitMillis));
        }
    }

    /** Why the retry stopped: a failure not worth a retry, retries spent, or a Retry-After beyond the backoff cap. */
    private ProviderUnavailableException givenUp(RuntimeException failure, int attempts) {
        ProviderFailure kind = ProviderFailure.of(failure);
        if (ProviderPolicies.asksToWaitBeyond(failure, settings.retryBackoffMax())) {
            Duration wait = ProviderFailure.retryAfter(failure).orElseThrow();
            restFor(wait);
            return new ProviderUnavailableException(name(), kind.tag(), wait,
                    "asked to wait " + wait.toSeconds() + "s (Retry-After)", failure);
        }
        return new ProviderUnavailableException(name(), kind.tag(), breaker.untilProbe(),
                (kind.retryable() ? "gave up after " + attempts + " attempts: " : "") + failure.getMessage(), failure);
    }

    /** How one HTTP call ended: an answer or a failure. */
    private record Attempt(ChatResponse response, RuntimeException failure) {
    }

    /** One HTTP call under the limits and the breaker. */
    private Attempt attempt(ChatRequest request) {
        // The bulkhead waits without end, so it refuses only a thread that was interrupted while waiting.
        if (!bulkhead.tryAcquirePermission()) {
            throw new ProviderUnavailableException(name(), "interrupted", Duration.ZERO, "interrupted", null);
        }
        try {
            rateLimiter.ifPresent(limiter -> pause(Duration.ofNanos(limiter.reservePermission())));
            if (!breaker.tryAcquire()) {
                throw new ProviderUnavailableException(name(), "breaker_open", breaker.untilProbe(),
                        "circuit breaker open, the last failure: " + breaker.lastFailure(), null);
            }
            long start = nanoTime.getAsLong();
            try {
                ChatResponse response = model.chat(request);
                long took = nanoTime.getAsLong() - start;
                breaker.onSuccess(took);
                record(took, "success");
                count(response.tokenUsage());
                return new Attempt(response, null);
            } catch (RuntimeException e) {
                long took = nanoTime.getAsLong() - start;
                breaker.onFailure(took, e);
                record(took, ProviderFailure.of(e).tag());
                return new Attempt(null, e);
            }
        } finally {
            bulkhead.onComplete();
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

    /**
     * Rests the provider until its Retry-After is over. Not the breaker's open state: a provider that asked for a
     * pause is not down, so no outage is logged and the breaker gauge stays as it is.
     */
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

    private void record(long nanos, String outcome) {
        Timer.builder(MetricNames.LLM_LATENCY)
                .tags(MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model(),
                        MetricNames.TAG_OUTCOME, outcome)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private void count(TokenUsage usage) {
        if (usage == null) {
            return;
        }
        long in = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        registry.counter(MetricNames.LLM_TOKENS, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model(),
                MetricNames.TAG_DIRECTION, "in").increment(in);
        registry.counter(MetricNames.LLM_TOKENS, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model(),
                MetricNames.TAG_DIRECTION, "out").increment(out);
        double cost = in / 1000.0 * settings.priceInputPer1k() + out / 1000.0 * settings.priceOutputPer1k();
        registry.counter(MetricNames.LLM_COST, MetricNames.TAG_PROVIDER, name(), MetricNames.TAG_MODEL, settings.model())
                .increment(cost);
    }
}
