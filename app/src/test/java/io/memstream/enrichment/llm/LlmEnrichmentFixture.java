package io.memstream.enrichment.llm;

import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.sim.SimulatedLlmServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EnrichmentService} whose providers are a {@link SimulatedLlmServer}, with a clock the test moves and a
 * sleeper that records waits instead of sleeping: retries, Retry-After and breakers run without waiting for real.
 */
final class LlmEnrichmentFixture implements AutoCloseable {

    final SimulatedLlmServer server;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Duration> sleeps = new ArrayList<>();
    final MemstreamConfig config;
    final EnrichmentService service;

    /** The service of the chain {@code overrides} set up, on the simulated server, recording on {@code registry}. */
    LlmEnrichmentFixture(SimulatedLlmServer.Responder responder, Map<String, Object> overrides, MeterRegistry registry)
            throws Exception {
        server = SimulatedLlmServer.start(responder);
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.ENRICHMENT_PROVIDERS, "openai");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BASE_URL), server.openAiBaseUrl());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MODEL), "sim-gpt");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OLLAMA, MemstreamConfig.LLM_BASE_URL), server.ollamaBaseUrl());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OLLAMA, MemstreamConfig.LLM_MODEL), "sim-llama");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.ANTHROPIC, MemstreamConfig.LLM_BASE_URL), server.anthropicBaseUrl());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.ANTHROPIC, MemstreamConfig.LLM_MODEL), "sim-claude");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.ANTHROPIC, MemstreamConfig.LLM_API_KEY), "sk-ant-test");
        settings.putAll(overrides);
        config = new MemstreamConfig(settings);
        service = EnrichmentService.builder(config.enrichment(), registry)
                .sleeper(wait -> {
                    synchronized (sleeps) {
                        sleeps.add(wait);
                    }
                    nanos.addAndGet(wait.toNanos());
                })
                .nanoTime(nanos::get)
                .random(() -> 0.5)
                .build();
    }

    void advance(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Override
    public void close() {
        service.close();
        server.close();
    }
}
