package io.memstream.enrichment;

import io.memstream.enrichment.llm.LlmProvider;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The enrichment gauges, registered once per JVM on the global registry and read from every open
 * {@link EnrichmentService} (there is one per app; tests make several). A gauge bound to one service would keep
 * reporting a closed one, or the first of several.
 */
final class EnrichmentGauges {

    private static final Set<EnrichmentService> LIVE = Collections.newSetFromMap(new WeakHashMap<>());
    private static final Set<String> BREAKER_GAUGES = new HashSet<>();
    private static final Set<String> ACTIVE_GAUGES = new HashSet<>();

    static {
        queueGauge("waiting", s -> s.waiting());
        queueGauge("in_flight", s -> s.inFlight());
        Gauge.builder(MetricNames.LLM_CACHE_HIT_RATIO, () -> live().stream()
                        .mapToDouble(EnrichmentService::cacheHitRatio).max().orElse(0))
                .description("Prompt-result cache hits over lookups since start")
                .register(Metrics.globalRegistry);
    }

    private EnrichmentGauges() {
    }

    static void track(EnrichmentService service) {
        synchronized (LIVE) {
            LIVE.add(service);
        }
        for (LlmProvider provider : service.providers()) {
            breakerGauge(provider.name());
            activeGauge(provider);
        }
    }

    static void untrack(EnrichmentService service) {
        synchronized (LIVE) {
            LIVE.remove(service);
        }
    }

    private static List<EnrichmentService> live() {
        synchronized (LIVE) {
            return List.copyOf(LIVE);
        }
    }

    private static void queueGauge(String state, ToDoubleFunction<EnrichmentService> value) {
        Gauge.builder(MetricNames.ENRICHMENT_QUEUE_DEPTH, () -> live().stream().mapToDouble(value).sum())
                .tag(MetricNames.TAG_STATE, state)
                .register(Metrics.globalRegistry);
    }

    private static void breakerGauge(String provider) {
        synchronized (BREAKER_GAUGES) {
            if (!BREAKER_GAUGES.add(provider)) {
                return;
            }
        }
        Gauge.builder(MetricNames.LLM_CIRCUIT_STATE, () -> live().stream()
                        .flatMap(s -> s.providers().stream())
                        .filter(p -> p.name().equals(provider))
                        .mapToDouble(p -> p.breaker().gaugeValue())
                        .max().orElse(0))
                .tag(MetricNames.TAG_PROVIDER, provider)
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .register(Metrics.globalRegistry);
    }

    /** 1 while batches go to this provider and model (the chain's first available one, or the last that answered). */
    private static void activeGauge(LlmProvider provider) {
        String label = provider.label();
        synchronized (ACTIVE_GAUGES) {
            if (!ACTIVE_GAUGES.add(label)) {
                return;
            }
        }
        Gauge.builder(MetricNames.LLM_ACTIVE, () -> live().stream()
                        .anyMatch(s -> label.equals(s.status().activeModel())) ? 1 : 0)
                .tag(MetricNames.TAG_PROVIDER, provider.name())
                .tag(MetricNames.TAG_MODEL, provider.settings().model())
                .description("1 for the provider and model batches currently go to")
                .register(Metrics.globalRegistry);
    }
}
