package io.memstream.enrichment;

import io.memstream.enrichment.llm.LlmProvider;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The enrichment gauges of one {@link EnrichmentService}, on the registry of the app instance it belongs to: one
 * service per registry, so each gauge reads that service alone. They are never removed: the registry goes with the
 * instance, and removing by id would take away another service's gauge where a test shares a registry. Gauges hold
 * the service strongly, so that one never turns NaN while the app runs.
 */
final class EnrichmentGauges {

    private EnrichmentGauges() {
    }

    static void register(EnrichmentService service, MeterRegistry registry) {
        queueGauge(registry, "waiting", service::waiting);
        queueGauge(registry, "in_flight", service::inFlight);
        Gauge.builder(MetricNames.LLM_CACHE_HIT_RATIO, service::cacheHitRatio)
                .description("Prompt-result cache hits over lookups since start")
                .register(registry);
        for (LlmProvider provider : service.providers()) {
            Gauge.builder(MetricNames.LLM_CIRCUIT_STATE, () -> provider.breaker().gaugeValue())
                    .tag(MetricNames.TAG_PROVIDER, provider.name())
                    .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                    .register(registry);
            activeGauge(registry, service, provider);
        }
    }

    private static void queueGauge(MeterRegistry registry, String state, Supplier<Number> value) {
        Gauge.builder(MetricNames.ENRICHMENT_QUEUE_DEPTH, value)
                .tag(MetricNames.TAG_STATE, state)
                .register(registry);
    }

    /** 1 while batches go to this provider and model (the chain's first available one, or the last that answered). */
    private static void activeGauge(MeterRegistry registry, EnrichmentService service, LlmProvider provider) {
        String label = provider.label();
        Gauge.builder(MetricNames.LLM_ACTIVE, () -> label.equals(service.status().activeModel()) ? 1 : 0)
                .tag(MetricNames.TAG_PROVIDER, provider.name())
                .tag(MetricNames.TAG_MODEL, provider.settings().model())
                .description("1 for the provider and model batches currently go to")
                .register(registry);
    }
}
