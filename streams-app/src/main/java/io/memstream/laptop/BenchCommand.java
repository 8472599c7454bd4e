package io.memstream.laptop;

import io.memstream.app.FileTrees;
import io.memstream.app.MemstreamApp;
import io.memstream.config.DurationParser;
import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedKafka;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.ChatProducers;
import io.memstream.feed.Progress;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.sim.SimulatedExtraction;
import io.memstream.sim.SimulatedLlmServer.Reply;
import io.memstream.sim.SimulatedLlmServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memstream bench}: enrichment throughput against a simulated LLM with a fixed latency, as
 * enrichment.max.in.flight grows. Each level runs the real app on an in-process KRaft broker (exactly-once, three
 * partitions), with a backlog of full batches large enough to keep every call slot busy; after a warm-up it counts the
 * batches forwarded during a fixed window, and how long the enrichment stage's stream thread went between two calls.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = PipelineBenchCommand.class,
        description = "Measure enrichment throughput (batches/s, messages/s) against a simulated LLM with a fixed "
                + "latency, for several enrichment.max.in.flight values, and the stream thread's longest gap between calls. "
                + "'bench pipeline' measures the whole path into PostgreSQL instead.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "2s",
            description = "Latency of every simulated LLM call (default: ${DEFAULT-VALUE}).")
    private String latency;

    @Option(names = "--in-flight", paramLabel = "N", split = ",", defaultValue = "1,4,16,64,256",
            description = "enrichment.max.in.flight values to measure (default: ${DEFAULT-VALUE}).")
    private List<Integer> inFlight;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "6s",
            description = "Time after the first call before counting (default: ${DEFAULT-VALUE}).")
    private String warmup;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "12s",
            description = "How long to count forwarded batches (default: ${DEFAULT-VALUE}).")
    private String window;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "20",
            description = "Messages per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "memstream-bench.log",
            description = "Where the log goes, so that the console shows progress and results only (default: ${DEFAULT-VALUE}).")
    private Path logFile;

    /** One level's numbers. */
    private record Level(int inFlight, double batchesPerSecond, double messagesPerSecond, int providerMaxInFlight,
                         double gapMaxMs, double gapMeanMs, long stageCalls, double cpuPercent, long backlogLeft) {
    }

    @Override
    public Integer call() throws Exception {
        Duration callLatency = DurationParser.parse(latency);
        Progress progress = new Progress(System.out);
        progress.line("memstream bench: enrichment against a simulated LLM answering in " + latency
                + ", batches of " + batchSize + " messages, " + Runtime.getRuntime().availableProcessors() + " CPUs");
        Path workDir = Files.createTempDirectory("memstream-bench-");
        List<Level> levels = new ArrayList<>();
        try (RunLog log = RunLog.divertTo(logFile)) {
            progress.line("  log  " + log.file());
            try (EmbeddedKafka kafka = progress.step("Starting Kafka broker (KRaft, in-process)", EmbeddedKafka::start)) {
                for (int n : inFlight) {
                    SimulatedExtraction extraction = SimulatedExtraction.deterministic(3);
                    try (SimulatedLlmServer llm = SimulatedLlmServer.start(
                            request -> Reply.ok(extraction.answer(request.firstUser())).after(callLatency))) {
                        levels.add(measure(n, kafka, llm, callLatency, workDir, progress));
                    }
                }
            }
        } finally {
            FileTrees.deleteQuietly(workDir);
        }
        progress.line("");
        progress.line("| max.in.flight | batches/s | messages/s | provider max concurrent | stream gap max (ms) "
                + "| stream gap mean (ms) | stage calls | CPU (% of all cores) | backlog left |");
        progress.line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Level l : levels) {
            progress.line(String.format(Locale.ROOT, "| %d | %.2f | %.1f | %d | %.0f | %.1f | %d | %.0f | %d |",
                    l.inFlight(), l.batchesPerSecond(), l.messagesPerSecond(), l.providerMaxInFlight(), l.gapMaxMs(),
                    l.gapMeanMs(), l.stageCalls(), l.cpuPercent(), l.backlogLeft()));
        }
        return 0;
    }

    private Level measure(int n, EmbeddedKafka kafka, SimulatedLlmServer llm, Duration callLatency, Path workDir,
                          Progress progress) throws Exception {
        Duration warm = DurationParser.parse(warmup);
        Duration counted = DurationParser.parse(window);
        // Enough full batches that no call slot idles before the window ends, with a margin.
        long needed = (long) Math.ceil(n * (warm.toMillis() + counted.toMillis()) / (double) callLatency.toMillis() * 1.5) + n;
        int batches = (int) Math.max(needed, 8);
        String run = "bench-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
        MemstreamConfig config = new MemstreamConfig(settings(run, n, kafka, llm, workDir));
        progress.line("max.in.flight=" + n + ": " + batches + " batches (" + (long) batches * batchSize + " messages)");
        try (MemstreamApp app = new MemstreamApp(config).start()) {
            app.awaitRunning(Duration.ofMinutes(2));
            progress.step("publishing", () -> {
                publish(config, run, batches);
                return null;
            });
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (llm.requests() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no LLM call within 2 minutes; see the log");
                }
                Thread.sleep(50);
            }
            Thread.sleep(warm.toMillis());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            app.metrics().meters().add(meters);
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(counted.toMillis());
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuBefore;
            app.metrics().meters().remove(meters);
            Timer forwarded = meters.find(MetricNames.ENRICHMENT_QUEUE_LATENCY).timer();
            Timer gaps = meters.find(MetricNames.ENRICHMENT_STREAM_GAP).timer();
            double seconds = elapsed / 1e9;
            double batchesPerSecond = (forwarded == null ? 0 : forwarded.count()) / seconds;
            long backlogLeft = app.enrichmentStatus().waiting() + app.enrichmentStatus().inFlight();
            Level level = new Level(n, batchesPerSecond, batchesPerSecond * batchSize, llm.maxInFlight(),
                    gaps == null ? 0 : gaps.max(TimeUnit.MILLISECONDS), gaps == null ? 0 : gaps.mean(TimeUnit.MILLISECONDS),
                    gaps == null ? 0 : gaps.count(),
                    100.0 * cpu / (elapsed * (double) Runtime.getRuntime().availableProcessors()), backlogLeft);
            meters.close();
            progress.line(String.format(Locale.ROOT, "  %.2f batches/s, %.1f messages/s, stream gap max %.0f ms, "
                    + "backlog left %d", level.batchesPerSecond(), level.messagesPerSecond(), level.gapMaxMs(), backlogLeft));
            return level;
        }
    }

    private Map<String, Object> settings(String run, int n, EmbeddedKafka kafka, SimulatedLlmServer llm, Path workDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.APPLICATION_ID, run);
        settings.put(MemstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + run);
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve(run).toString());
        settings.put(MemstreamConfig.TOPIC_MESSAGES, run + "-messages");
        settings.put(MemstreamConfig.TOPIC_BATCHES, run + "-batches");
        settings.put(MemstreamConfig.TOPIC_MEMORIES, run + "-memories");
        settings.put(MemstreamConfig.TOPIC_REJECTED_MEMORIES, run + "-rejected");
        settings.put(MemstreamConfig.TOPIC_PARTITIONS, EmbeddedStack.PARTITIONS);
        settings.put(MemstreamConfig.TOPIC_REPLICATION_FACTOR, (short) 1);
        settings.put("replication.factor", 1);
        settings.put(MemstreamConfig.BATCH_SIZE, batchSize);
        settings.put(MemstreamConfig.ENRICHMENT_PROVIDERS, EnrichmentProvider.OPENAI.configValue());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BASE_URL), llm.openAiBaseUrl());
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MODEL), "simulated");
        settings.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MAX_CONCURRENCY), n);
        settings.put(MemstreamConfig.ENRICHMENT_MAX_IN_FLIGHT, n);
        return settings;
    }

    /** Full batches: one session per batch, every message a statement worth a call. */
    private void publish(MemstreamConfig config, String run, int batches) {
        Instant at = Instant.parse("2026-03-05T09:00:00Z");
        try (KafkaProducer<String, ChatMessage> producer = ChatProducers.create(config)) {
            for (int b = 0; b < batches; b++) {
                String session = run + "-session-" + b;
                for (int m = 0; m < batchSize; m++) {
                    ChatMessage message = ChatMessage.newBuilder()
                            .setMessageId("m" + m)
                            .setSessionId(session)
                            .setUserId("user-" + b)
                            .setRole(Role.USER)
                            .setContent("I have been living in city " + b + " for " + (m + 1) + " years with my cat.")
                            .setTimestamp(at.plusSeconds(m))
                            .setTimezone("Europe/Paris")
                            .setType(MessageType.MESSAGE)
                            .build();
                    producer.send(new ProducerRecord<>(config.topics().messages(), session, message));
                }
            }
            producer.flush();
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
