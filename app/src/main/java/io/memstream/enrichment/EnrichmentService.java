package io.memstream.enrichment;

import io.memstream.config.EnrichmentProvider;
import io.memstream.config.EnrichmentSettings;
import io.memstream.config.LlmProviderSettings;
import io.memstream.domain.Enricher;
import io.memstream.domain.EnrichmentOutcome;
import io.memstream.enrichment.llm.ChatModels;
import io.memstream.enrichment.llm.InvalidModelOutputException;
import io.memstream.enrichment.llm.LlmEnricher;
import io.memstream.enrichment.llm.LlmProvider;
import io.memstream.enrichment.llm.PiiRedactor;
import io.memstream.enrichment.llm.PromptCache;
import io.memstream.enrichment.llm.PromptTemplate;
import io.memstream.enrichment.llm.Sleeper;
import io.memstream.enrichment.queue.EnrichmentDispatcher;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The enrichment stage's engine, one per app instance and shared by every task: the enricher chain from
 * {@code enrichment.providers}, the dispatcher that runs LLM calls or the offline enricher off the stream threads, and the state that
 * {@link #status()} reports. Built from config (nothing starts until the first call); closed with the app.
 *
 * <p>{@link #enrich} is the chain: the LLM providers in order (inside {@link LlmEnricher}), then, if the chain ends
 * with "offline", the offline enricher when no provider could answer or every answer was invalid. Without "offline",
 * an unavailable chain means {@link EnrichmentOutcome.Unavailable} (the batch waits) and invalid answers mean
 * {@link EnrichmentOutcome.Failed} (dead letter). Memories below enrichment.min.quality are split off as rejected.
 */
public final class EnrichmentService implements AutoCloseable {

    private final Enricher primary;
    private final LlmEnricher llm;
    private final Enricher fallback;
    private final EnrichmentDispatcher dispatcher;
    private final boolean inline;
    private final PromptCache cache;
    private final int minQuality;
    private final Duration pollInterval;
    private final Duration requeueBackoffMax;
    private final AtomicLong queued = new AtomicLong();
    private final MeterRegistry registry;
    private volatile String lastModel;
    private volatile boolean lastWasFallback;

    private EnrichmentService(Enricher primary, LlmEnricher llm, Enricher fallback, EnrichmentDispatcher dispatcher,
                              boolean inline, PromptCache cache, EnrichmentSettings settings, MeterRegistry registry) {
        this.primary = primary;
        this.llm = llm;
        this.fallback = fallback;
        this.dispatcher = dispatcher;
        this.inline = inline;
        this.cache = cache;
        this.minQuality = settings.minQuality();
        this.pollInterval = settings.pollInterval();
        this.requeueBackoffMax = settings.requeueBackoffMax();
        this.registry = registry;
        EnrichmentGauges.register(this, registry);
    }

    /** The service the settings describe, recording on the registry of the app instance it belongs to. */
    public static EnrichmentService create(EnrichmentSettings settings, MeterRegistry registry) {
        return builder(settings, registry).build();
    }

    public static Builder builder(EnrichmentSettings settings, MeterRegistry registry) {
        return new Builder(settings, registry);
    }

    /**
     * Enriches one batch, blocking for any LLM calls: on a dispatcher thread when {@link #runsInline()} is false.
     * Never throws: failures are outcomes.
     */
    public EnrichmentOutcome enrich(MessageBatch batch) {
        Timer.Sample enriching = Timer.start(registry);
        try {
            List<EnhancedMemory> memories;
            String model;
            boolean usedFallback = false;
            try {
                memories = primary.enrich(batch);
                model = modelOf(memories, primary.model());
            } catch (LlmEnricher.AllProvidersUnavailableException e) {
                String instead = fallback == null ? "batches waited in the enrichment queue" : "batches went to offline";
                providers().stream().filter(p -> e.providers().contains(p.name())).forEach(p -> p.outages().meanwhile(instead));
                if (fallback == null) {
                    return new EnrichmentOutcome.Unavailable(e.retryAfter(), e.getMessage());
                }
                memories = fallback.enrich(batch);
                model = fallback.model();
                usedFallback = true;
                fellBackToOffline("unavailable");
            } catch (RuntimeException e) {
                if (fallback == null) {
                    return new EnrichmentOutcome.Failed(e);
                }
                memories = fallback.enrich(batch);
                model = fallback.model();
                usedFallback = true;
                fellBackToOffline(e instanceof InvalidModelOutputException ? "invalid_output" : "error");
            }
            enriching.stop(registry.timer(MetricNames.BATCH_PROCESSING));
            lastModel = model;
            lastWasFallback = usedFallback || !model.equals(primary.model());
            return split(memories, model, lastWasFallback);
        } catch (RuntimeException e) {
            return new EnrichmentOutcome.Failed(e);
        }
    }

    private static String modelOf(List<EnhancedMemory> memories, String otherwise) {
        return memories.isEmpty() ? otherwise : memories.get(0).getModel();
    }

    private void fellBackToOffline(String reason) {
        registry.counter(MetricNames.LLM_FALLBACK_ACTIVATIONS, MetricNames.TAG_PROVIDER, EnrichmentProvider.OFFLINE.configValue(),
                MetricNames.TAG_REASON, reason).increment();
    }

    private EnrichmentOutcome.Enriched split(List<EnhancedMemory> memories, String model, boolean usedFallback) {
        List<EnhancedMemory> accepted = new ArrayList<>();
        List<EnhancedMemory> rejected = new ArrayList<>();
        for (EnhancedMemory memory : memories) {
            (memory.getQualityScore() >= minQuality ? accepted : rejected).add(memory);
        }
        return new EnrichmentOutcome.Enriched(accepted, rejected, model, usedFallback);
    }

    /**
     * Whether batches are enriched on the stream thread: only an offline chain with
     * {@code enrichment.offline.threads=0}, or an enricher a test gave, never a network call.
     */
    public boolean runsInline() {
        return inline;
    }

    public EnrichmentDispatcher dispatcher() {
        return dispatcher;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration requeueBackoffMax() {
        return requeueBackoffMax;
    }

    /** How many batches entered ({@code delta > 0}) or left the queue stores of this instance. */
    public void queueChanged(long delta) {
        queued.addAndGet(delta);
    }

    long waiting() {
        return Math.max(0, queued.get() - dispatcher.inFlight());
    }

    long inFlight() {
        return dispatcher.inFlight();
    }

    List<LlmProvider> providers() {
        return llm == null ? List.of() : llm.providers();
    }

    double cacheHitRatio() {
        return cache.hitRatio();
    }

    /** A snapshot for health endpoints. */
    public EnrichmentStatus status() {
        List<EnrichmentStatus.ProviderStatus> providers = providers().stream()
                .map(p -> new EnrichmentStatus.ProviderStatus(p.name(), p.settings().model(), p.breaker().state().name(),
                        p.unavailableFor()))
                .toList();
        boolean firstUnavailable = !providers.isEmpty() && !providers.get(0).unavailableFor().isZero();
        boolean fallbackConfigured = providers.size() > 1 || fallback != null;
        String active = lastModel != null ? lastModel : predictedModel();
        return new EnrichmentStatus(active, fallbackConfigured && (lastWasFallback || firstUnavailable), waiting(), inFlight(),
                dispatcher.maxInFlight(), cacheHitRatio(), providers);
    }

    private String predictedModel() {
        for (LlmProvider provider : providers()) {
            if (provider.unavailableFor().isZero()) {
                return provider.label();
            }
        }
        return fallback != null ? fallback.model() : primary.model();
    }

    @Override
    public void close() {
        dispatcher.close();
    }

    /** Builds the service; tests replace the enricher, the threads or the clock. */
    public static final class Builder {

        private final EnrichmentSettings settings;
        private final MeterRegistry registry;
        private Enricher enricher;
        private Executor executor;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private LongSupplier nanoTime = System::nanoTime;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(EnrichmentSettings settings, MeterRegistry registry) {
            this.settings = settings;
            this.registry = registry;
        }

        /** Use this enricher alone, on the stream thread, instead of the configured chain. */
        public Builder enricher(Enricher enricher) {
            this.enricher = Objects.requireNonNull(enricher);
            return this;
        }

        /** Run LLM calls or offline enrichment on this executor (owned by the caller) instead of the service's own threads. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        public Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        public EnrichmentService build() {
            PromptCache cache = new PromptCache(settings.cacheMaxEntries(), settings.cacheTtl(), nanoTime, registry);
            int maxInFlight = settings.maxInFlight();
            if (enricher != null) {
                return new EnrichmentService(enricher, null, null, EnrichmentDispatcher.direct(maxInFlight), true, cache,
                        settings, registry);
            }
            Enricher offline = settings.hasOffline() ? new OfflineEnricher(registry) : null;
            List<LlmProviderSettings> llms = settings.llms();
            List<LlmProvider> providers = new ArrayList<>();
            for (int i = 0; i < llms.size(); i++) {
                LlmProviderSettings llmSettings = llms.get(i);
                String whileDown = i + 1 < llms.size() ? "batches go to " + llms.get(i + 1).label()
                        : offline != null ? "batches go to the offline enricher"
                        : "no fallback configured: batches wait in the enrichment queue";
                providers.add(new LlmProvider(llmSettings, ChatModels.create(llmSettings), sleeper, nanoTime, random, whileDown,
                        registry));
            }
            if (providers.isEmpty()) {
                // Extraction takes tens of milliseconds a batch: on threads of its own it leaves the stream thread to
                // batching and the index, and uses every core whatever the partitions' spread over stream threads.
                int threads = settings.offlineThreads();
                EnrichmentDispatcher onThreads = threads == 0 ? EnrichmentDispatcher.direct(maxInFlight)
                        : executor == null ? EnrichmentDispatcher.withThreads(threads)
                        : EnrichmentDispatcher.over(threads, executor);
                return new EnrichmentService(offline, null, null, onThreads, threads == 0, cache, settings, registry);
            }
            LlmEnricher llm = new LlmEnricher(providers, PromptTemplate.load(settings.promptVersion()),
                    settings.maxMemories(), new PiiRedactor(settings.piiRedaction(), registry), cache,
                    registry);
            EnrichmentDispatcher dispatcher = executor == null
                    ? EnrichmentDispatcher.withThreads(maxInFlight)
                    : EnrichmentDispatcher.over(maxInFlight, executor);
            return new EnrichmentService(llm, llm, offline, dispatcher, false, cache, settings, registry);
        }
    }
}
