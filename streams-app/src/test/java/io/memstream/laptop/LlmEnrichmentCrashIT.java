package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.enrichment.TrivialBatches;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.Progress;
import io.memstream.feed.TopicReader;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.sim.SimulatedExtraction;
import io.memstream.sim.SimulatedLlmServer.Reply;
import io.memstream.sim.SimulatedLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM enrichment through a crash: the app (its own JVM) is killed with SIGKILL while calls to a slow provider are in
 * flight, then restarted. Every answer carries its call number, so a batch enriched twice would leave rows of two
 * answers; the test requires exactly one answer's rows per batch in PostgreSQL, for every batch.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LlmEnrichmentCrashIT {

    private static final Path LOGS = Path.of("target", "it-logs", "LlmEnrichmentCrashIT");
    private static final Pattern ANSWER = Pattern.compile("\\(answer (\\d+)\\)$");
    private static final int MEMORIES_PER_ANSWER = 3;
    private final Progress progress = new Progress(System.out);

    @TempDir
    Path workDir;
    private EmbeddedStack stack;
    private SimulatedLlmServer provider;

    @BeforeEach
    void start() throws Exception {
        stack = EmbeddedStack.start(workDir, progress);
        AtomicInteger answers = new AtomicInteger();
        SimulatedExtraction extraction = SimulatedExtraction.numbered(MEMORIES_PER_ANSWER, answers::incrementAndGet);
        provider = SimulatedLlmServer.start(
                request -> Reply.ok(extraction.answer(request.firstUser())).after(Duration.ofMillis(1500)));
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void appKilledWithLlmCallsInFlightWritesEachBatchsMemoriesExactlyOnce() throws Exception {
        Map<String, Object> settings = new HashMap<>(stack.appSettings(Map.of()));
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, stack.registryHttpUrl());
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve("child-state").toString());
        settings.put(MemstreamConfig.ENRICHMENT_PROVIDERS, "openai");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BASE_URL), provider.openAiBaseUrl());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MODEL), "sim");
        settings.put(MemstreamConfig.ENRICHMENT_MAX_IN_FLIGHT, 2);
        Path configFile = workDir.resolve("child.properties");
        Files.writeString(configFile, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        Files.createDirectories(LOGS);

        Process first = AppProcess.start(configFile, LOGS.resolve("first.log"));
        MessagePublisher.Result published;
        published = E2eConversations.publish(config, E2eConversations.lines(), true, progress);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        // Kill once some batches' memories are committed and other batches are in a call right now.
        while (!(provider.inFlight() > 0 && memoriesInTopic(config) > 0)) {
            assertThat(first.isAlive()).as("first app process is alive (log: %s)", LOGS.resolve("first.log")).isTrue();
            assertThat(System.nanoTime()).as("the app called the provider in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        int callsAtKill = provider.requests();
        first.destroyForcibly().waitFor();

        Process second = AppProcess.start(configFile, LOGS.resolve("second.log"));
        try {
            PipelineDrain.Outcome outcome = new PipelineDrain(config, stack.memoriesTable())
                    .await(published.lastOffsets(), Duration.ofMinutes(4), progress);

            Map<String, Integer> expectedPerBatch = new TreeMap<>();
            for (MessageBatch batch : outcome.batches()) {
                int memories = expectedMemories(batch);
                if (memories > 0) {
                    expectedPerBatch.put(batch.getBatchId(), memories);
                }
            }
            Map<String, List<ObjectNode>> rowsPerBatch = outcome.rows().stream()
                    .collect(Collectors.groupingBy(row -> row.path("batch_ids").get(0).asText(), TreeMap::new,
                            Collectors.toList()));
            assertThat(rowsPerBatch.keySet()).as("every batch with something to remember has rows")
                    .containsExactlyElementsOf(expectedPerBatch.keySet());
            rowsPerBatch.forEach((batchId, rows) -> {
                Set<String> answers = rows.stream().map(row -> answerOf(row.path("content").asText()))
                        .collect(Collectors.toSet());
                assertThat(answers).as("rows of batch %s come from one answer", batchId).hasSize(1);
                assertThat(rows).as("rows of batch %s", batchId).hasSize(expectedPerBatch.get(batchId));
            });
            assertThat(provider.requests()).as("batches in flight at the kill were called again")
                    .isGreaterThan(expectedPerBatch.size());
            assertThat(callsAtKill).isLessThan(provider.requests());
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private long memoriesInTopic(MemstreamConfig config) {
        SpecificAvroSerde<EnhancedMemory> memories = SpecificAvroSerde.forValues(EnhancedMemory.class,
                config.schemaRegistryUrl());
        return TopicReader.readAll(stack.bootstrapServers(), config.topics().memories(), new StringDeserializer(),
                memories.deserializer()).records().size();
    }

    /** What the simulated extraction makes of a batch: one memory per user message of four words or more, at most 3. */
    private static int expectedMemories(MessageBatch batch) {
        if (TrivialBatches.isTrivial(batch)) {
            return 0;
        }
        long statements = batch.getMessages().stream()
                .filter(m -> m.getRole() == Role.USER && m.getType() == MessageType.MESSAGE)
                .map(ChatMessage::getContent)
                .filter(content -> content != null && content.strip().split("\\s+").length >= 4)
                .count();
        return (int) Math.min(MEMORIES_PER_ANSWER, statements);
    }

    private static String answerOf(String content) {
        Matcher answer = ANSWER.matcher(content);
        assertThat(answer.find()).as("content '%s' names its answer", content).isTrue();
        return answer.group(1);
    }
}
