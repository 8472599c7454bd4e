package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.domain.EnrichmentOutcome;
import io.memstream.enrichment.TestBatches;
import io.memstream.ops.MetricNames;
import io.memstream.sim.SimulatedLlmServer.Reply;
import io.memstream.sim.SimulatedLlmServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A provider's outage, against the simulated provider with a clock the test moves: one WARN line when it starts,
 * saying where batches go meanwhile, one INFO line when it ends, with its duration and what happened to batches; and
 * with a single provider nothing is called a fallback.
 */
class ProviderOutageTest {

    private static final String VALID = """
            {"memories": [{"content": "I am allergic to peanuts", "summary": "User is allergic to peanuts",
              "category": "health", "importance": 9, "quality": 4, "confidence": 0.9,
              "entities": [], "date_phrases": [], "people": [], "tags": ["allergy"], "source_messages": [1]}]}""";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger providerLog = (Logger) LoggerFactory.getLogger(LlmProvider.class);

    @BeforeEach
    void record() {
        logged.start();
        providerLog.addAppender(logged);
    }

    @AfterEach
    void stopRecording() {
        providerLog.detachAppender(logged);
        registry.close();
    }

    private LlmEnrichmentFixture fixture(SimulatedLlmServer.Responder responder, Map<String, Object> overrides)
            throws Exception {
        return new LlmEnrichmentFixture(responder, overrides, registry);
    }

    private static Map<String, Object> settings(String chain) {
        return Map.of(MemstreamConfig.ENRICHMENT_PROVIDERS, chain,
                MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_RETRIES), 0,
                MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BREAKER_FAILURES), 3,
                MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BREAKER_OPEN_FOR), "30s",
                MemstreamConfig.ENRICHMENT_CACHE_MAX_ENTRIES, 0);
    }

    /** Ten batches while openai is down, three minutes of outage, then one batch that finds it back. */
    private static void outageOfThreeMinutes(LlmEnrichmentFixture llm) {
        for (int i = 0; i < 10; i++) {
            llm.service.enrich(TestBatches.of("s" + i, 0, "I live in Lyon and work at the museum."));
        }
        llm.advance(Duration.ofMinutes(3));
        llm.server.respondWith(request -> Reply.ok(VALID));
        llm.service.enrich(TestBatches.of("back", 0, "I am allergic to peanuts, please remember that."));
    }

    private List<ILoggingEvent> lines(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    @Test
    void outageOfTheOnlyProviderIsOneWarnWhenItStartsAndOneInfoWhenItEndsWithItsDurationAndTheBatchesThatWaited()
            throws Exception {
        try (LlmEnrichmentFixture llm = fixture(request -> Reply.error(500, "upstream down"),
                settings("openai"))) {
            outageOfThreeMinutes(llm);

            assertThat(lines(Level.WARN)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .startsWith("LLM provider openai/sim-gpt is down (circuit breaker open after 3 consecutive failed calls")
                    .contains("upstream down")
                    .endsWith("no fallback configured: batches wait in the enrichment queue until it is back");
            // The third failure opened the breaker; that batch and the seven after it waited.
            assertThat(lines(Level.INFO)).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("LLM provider openai/sim-gpt is back after 3m 0s; meanwhile: batches waited in the enrichment queue x8");
        }
    }

    @Test
    void outageWithAFallbackSaysWhereBatchesWentAndHowMany() throws Exception {
        try (LlmEnrichmentFixture llm = fixture(request -> request.wire() == SimulatedLlmServer.Wire.OPENAI
                ? Reply.error(503, "overloaded") : Reply.ok(VALID), settings("openai,ollama"))) {
            outageOfThreeMinutes(llm);

            assertThat(lines(Level.WARN)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .endsWith("batches go to ollama/sim-llama until it is back");
            assertThat(lines(Level.INFO)).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("LLM provider openai/sim-gpt is back after 3m 0s; meanwhile: batches went to ollama/sim-llama x8");
        }
    }

    @Test
    void withASingleProviderNothingFallsBackAndTheStatusSaysSo() throws Exception {
        try (LlmEnrichmentFixture llm = fixture(request -> Reply.error(500, "upstream down"),
                settings("openai"))) {
            for (int i = 0; i < 10; i++) {
                assertThat(llm.service.enrich(TestBatches.of("s" + i, 0, "I live in Lyon and work at the museum.")))
                        .isInstanceOf(EnrichmentOutcome.Unavailable.class);
            }

            assertThat(registry.find(MetricNames.LLM_FALLBACK_ACTIVATIONS).counters().stream().mapToDouble(Counter::count).sum())
                    .isZero();
            assertThat(llm.service.status().providers().get(0).breaker()).isEqualTo("OPEN");
            assertThat(llm.service.status().fallbackActive()).isFalse();
        }
    }
}
