package io.memstream.laptop;

import io.memstream.app.FileTrees;
import io.memstream.app.MemstreamApp;
import io.memstream.app.TopicProvisioner;
import io.memstream.config.DurationParser;
import io.memstream.config.EnrichmentProvider;
import io.memstream.config.MemstreamConfig;
import io.memstream.connect.MemoriesSink;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.enrichment.OfflineEnricher;
import io.memstream.feed.ChatProducers;
import io.memstream.feed.Progress;
import io.memstream.memory.Embedders;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.ChatMessage;
import io.memstream.sim.SimulatedExtraction;
import io.memstream.sim.SimulatedLlmServer.Reply;
import io.memstream.sim.SimulatedLlmServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memstream bench pipeline}: the whole path on the embedded stack against Kafka itself, in one run. The same
 * generated chat (see {@link BenchConversations}) is published once; then, each on its own topics, (a) a plain
 * transactional consume-produce loop copies it ({@link RawTransactionalCopy}), (b) memstream with the offline enricher
 * and (c) memstream with the simulated LLM take it all the way into PostgreSQL through a Debezium JDBC sink of their
 * own. For each: messages/s and rows/s until the last row is in the table, the ratio to the copy, when each stage
 * finished, the time spent in each stage's work (from memstream's timers), CPU time, peak heap, and the latency from a
 * batch being readable to its memories' rows being in the table.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Measure the whole pipeline into PostgreSQL on the embedded stack against a raw transactional "
                + "Kafka copy of the same generated messages: messages/s, rows/s, stage times, CPU, heap, latency.")
final class PipelineBenchCommand implements Callable<Integer> {

    static final String RAW = "raw";
    static final String OFFLINE = "offline";
    static final String LLM = "llm";
    private static final String INPUT_TOPIC = "bench-chat-messages";

    @Option(names = "--messages", paramLabel = "N", defaultValue = "50000",
            description = "Chat messages to generate (default: ${DEFAULT-VALUE}).")
    private int messages;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "2500",
            description = "Sessions they are spread over (default: ${DEFAULT-VALUE}).")
    private int sessions;

    @Option(names = "--users", paramLabel = "N", defaultValue = "500",
            description = "Users the sessions belong to (default: ${DEFAULT-VALUE}).")
    private int users;

    @Option(names = "--runs", paramLabel = "RUN", split = ",", defaultValue = "raw,offline,llm",
            description = "What to run, in order: raw (transactional copy), offline, llm (default: ${DEFAULT-VALUE}).")
    private List<String> runs;

    @Option(names = "--llm-latency", paramLabel = "DURATION", defaultValue = "2s",
            description = "Latency of every simulated LLM call (default: ${DEFAULT-VALUE}).")
    private String llmLatency;

    @Option(names = "--llm-in-flight", paramLabel = "N", defaultValue = "256",
            description = "enrichment.max.in.flight of the llm run (default: ${DEFAULT-VALUE}).")
    private int llmInFlight;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for every memstream run (e.g. num.stream.threads=2); repeatable.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--before", paramLabel = "KEY=VALUE",
            description = "Also run offline once more first with these settings on top (e.g. memory.embedding.cache=false), "
                    + "as the baseline of a change; repeatable.")
    private Map<String, String> before = new LinkedHashMap<>();

    @Option(names = "--sink", paramLabel = "KEY=VALUE",
            description = "A setting of the sink connector (e.g. batch.size=2000); repeatable.")
    private Map<String, String> sink = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Longest wait for one run (default: ${DEFAULT-VALUE}).")
    private String timeout;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "memstream-bench-pipeline.log",
            description = "Where the log goes, so that the console shows progress and results only (default: ${DEFAULT-VALUE}).")
    private Path logFile;

    /** One run's numbers; seconds from the app being RUNNING (the copy: from its first poll). */
    record RunResult(String name, double seconds, long batches, long rows, double inputCommitted, double lastBatch,
                     double lastMemory, double lastRow, double enrichingSeconds, double embeddingSeconds, long embeddings,
                     double embeddingBatchMean, double cacheHitRatio, double indexSeconds, double cpuSeconds,
                     long peakHeapBytes, double latencyP50, double latencyP99) {
    }

    @Override
    public Integer call() throws Exception {
        for (String run : runs) {
            if (!List.of(RAW, OFFLINE, LLM).contains(run)) {
                throw new IllegalArgumentException("--runs takes raw, offline and llm, not " + run);
            }
        }
        Duration wait = DurationParser.parse(timeout);
        BenchConversations conversations = new BenchConversations(messages, sessions, users);
        Progress progress = new Progress(System.out);
        progress.line(String.format(Locale.ROOT, "memstream bench pipeline: %d messages in %d sessions of %d users; "
                        + "%d CPUs, max heap %d MB", messages, sessions, users, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20));
        Path workDir = Files.createTempDirectory("memstream-bench-pipeline-");
        List<RunResult> results = new ArrayList<>();
        List<ChatMessage> records = conversations.records();
        try (RunLog log = RunLog.divertTo(logFile)) {
            progress.line("  log  " + log.file());
            runAll(workDir, records, wait, results, progress);
        } finally {
            FileTrees.deleteQuietly(workDir);
        }
        print(progress, results, records.size());
        return 0;
    }

    private void runAll(Path workDir, List<ChatMessage> records, Duration wait, List<RunResult> results,
                        Progress progress) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir, progress)) {
            MemstreamConfig inputConfig = new MemstreamConfig(stack.appSettings(Map.of(MemstreamConfig.TOPIC_MESSAGES, INPUT_TOPIC)));
            Map<TopicPartition, Long> published = progress.step("Publishing " + records.size() + " records ("
                    + messages + " messages and a SESSION_END per session) to " + INPUT_TOPIC,
                    () -> publish(inputConfig, records));
            progress.step("Loading the embedding model and training the offline extractor", () -> new OfflineEnricher());
            MemstreamRun memstream = new MemstreamRun(stack, workDir, published, wait, sink, progress);
            for (String run : runs) {
                switch (run) {
                    case RAW -> results.add(raw(stack, records.size(), wait, progress));
                    case OFFLINE -> {
                        if (!before.isEmpty()) {
                            results.add(memstream.run("offline, before", withOverrides(settings, before)));
                        }
                        results.add(memstream.run("offline", settings));
                    }
                    default -> results.add(llm(memstream));
                }
            }
        }
    }

    private RunResult llm(MemstreamRun memstream) throws Exception {
        Duration latency = DurationParser.parse(llmLatency);
        SimulatedExtraction extraction = SimulatedExtraction.deterministic(3);
        try (SimulatedLlmServer server = SimulatedLlmServer.start(
                request -> Reply.ok(extraction.answer(request.firstUser())).after(latency))) {
            Map<String, String> llm = new LinkedHashMap<>();
            llm.put(MemstreamConfig.ENRICHMENT_PROVIDERS, EnrichmentProvider.OPENAI.configValue());
            llm.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_BASE_URL), server.openAiBaseUrl());
            llm.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MODEL), "simulated");
            llm.put(MemstreamConfig.llmKey(EnrichmentProvider.OPENAI, MemstreamConfig.LLM_MAX_CONCURRENCY),
                    Integer.toString(llmInFlight));
            llm.put(MemstreamConfig.ENRICHMENT_MAX_IN_FLIGHT, Integer.toString(llmInFlight));
            llm.putAll(settings);
            return memstream.run("llm " + llmLatency + " x" + llmInFlight, llm);
        }
    }

    private static Map<String, String> withOverrides(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(overrides);
        return merged;
    }

    private static RunResult raw(EmbeddedStack stack, int records, Duration wait, Progress progress) throws Exception {
        String target = "bench-raw-copy";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(target, EmbeddedStack.PARTITIONS, (short) 1))).all().get();
        }
        long cpu = processCpuNanos();
        RawTransactionalCopy.Result copy = progress.step("raw: transactional copy of " + INPUT_TOPIC,
                () -> RawTransactionalCopy.copy(stack.bootstrapServers(), INPUT_TOPIC, target, records, wait));
        double seconds = copy.nanos() / 1e9;
        return new RunResult(RAW, seconds, 0, 0, seconds, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (processCpuNanos() - cpu) / 1e9, 0, 0, 0);
    }

    private static Map<TopicPartition, Long> publish(MemstreamConfig config, List<ChatMessage> records) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(MemstreamConfig.BOOTSTRAP_SERVERS)))) {
            admin.createTopics(List.of(new NewTopic(INPUT_TOPIC, EmbeddedStack.PARTITIONS, (short) 1))).all().get();
        }
        Map<TopicPartition, Long> last = new HashMap<>();
        try (KafkaProducer<String, ChatMessage> producer = ChatProducers.create(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ChatMessage record : records) {
                sent.add(producer.send(new ProducerRecord<>(INPUT_TOPIC, record.getSessionId(), record)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                RecordMetadata m = future.get();
                last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
            }
        }
        return last;
    }

    /** Runs memstream on its own topics and table contents, and follows it into PostgreSQL. */
    private static final class MemstreamRun {
        private final EmbeddedStack stack;
        private final Path workDir;
        private final Map<TopicPartition, Long> published;
        private final Duration wait;
        private final Map<String, String> sink;
        private final Progress progress;
        private int count;

        MemstreamRun(EmbeddedStack stack, Path workDir, Map<TopicPartition, Long> published, Duration wait,
                     Map<String, String> sink, Progress progress) {
            this.stack = stack;
            this.workDir = workDir;
            this.published = published;
            this.wait = wait;
            this.sink = sink;
            this.progress = progress;
        }

        RunResult run(String name, Map<String, String> settings) throws Exception {
            String run = "bench-run-" + ++count;
            progress.line(name + (settings.isEmpty() ? "" : " " + settings) + " (application.id " + run + ")");
            MemstreamConfig config = new MemstreamConfig(stack.appSettings(overrides(run, settings)));
            prepare(config, run);
            Embedders.forgetCachedLocal();
            long cpu = processCpuNanos();
            try (MemstreamApp app = new MemstreamApp(config).start()) {
                app.awaitRunning(Duration.ofMinutes(2));
                MeterRegistry meters = app.metrics().registry();
                long start = System.nanoTime();
                PipelineWatch watch = new PipelineWatch(config, stack.postgres().jdbcUrl(), stack.postgres().user(),
                        stack.postgres().password(), published,
                        () -> app.enrichmentStatus().waiting() + app.enrichmentStatus().inFlight() + PipelineWatch.embeddingQueue(meters),
                        () -> app.streams().state() == KafkaStreams.State.RUNNING);
                PipelineWatch.Outcome outcome = watch.await(start, wait, name, progress);
                double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
                RunResult result = result(name, outcome, meters, cpuSeconds);
                progress.line(String.format(Locale.ROOT, "  %.1f s to the last row: %.0f records/s, %d rows%s",
                        result.seconds(), records() / result.seconds(), result.rows(),
                        outcome.rebalances() == 0 ? "" : ", " + outcome.rebalances() + " rebalances on the way"));
                return result;
            }
        }

        private long records() {
            return published.values().stream().mapToLong(last -> last + 1).sum();
        }

        private Map<String, Object> overrides(String run, Map<String, String> settings) {
            Map<String, Object> overrides = new HashMap<>();
            overrides.put(MemstreamConfig.APPLICATION_ID, run);
            overrides.put(MemstreamConfig.TOPIC_MESSAGES, INPUT_TOPIC);
            overrides.put(MemstreamConfig.TOPIC_BATCHES, run + "-batches");
            overrides.put(MemstreamConfig.TOPIC_MEMORIES, run + "-memories");
            overrides.put(MemstreamConfig.TOPIC_REJECTED_MEMORIES, run + "-rejected");
            overrides.put(MemstreamConfig.TOPIC_COMMANDS, run + "-commands");
            overrides.put(MemstreamConfig.TOPIC_MEMORY_INDEX, run + "-memory-index");
            overrides.put(MemstreamConfig.STATE_DIR, workDir.resolve(run).toString());
            overrides.putAll(settings);
            return overrides;
        }

        /** The run's topics, an empty table, and a sink connector of its own on the run's memories topic. */
        private void prepare(MemstreamConfig config, String run) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                TopicProvisioner.createMissing(admin, config.topics());
            }
            try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().user(),
                    stack.postgres().password()); Statement s = db.createStatement()) {
                s.execute("TRUNCATE memories");
            }
            Map<String, String> connector = new LinkedHashMap<>(MemoriesSink.connectorConfig(new MemoriesSink.Settings(
                    config.topics().memories(), stack.postgres().jdbcUrl(), stack.postgres().user(), stack.postgres().password(),
                    config.schemaRegistryUrl(), 1)));
            connector.putAll(sink);
            String name = MemoriesSink.connectorName() + "-" + run;
            stack.connect().putConnector(name, connector);
            stack.connect().awaitConnectorRunning(name, Duration.ofMinutes(2));
        }

        private static RunResult result(String name, PipelineWatch.Outcome outcome, MeterRegistry meters,
                                        double cpuSeconds) {
            Timer embedding = meters.find(MetricNames.MEMORY_EMBEDDING).timer();
            DistributionSummary embeddingBatches = meters.find(MetricNames.MEMORY_EMBEDDING_BATCH).summary();
            double hits = meters.find(MetricNames.MEMORY_EMBEDDING_CACHE_REQUESTS).tag(MetricNames.TAG_RESULT, "hit")
                    .counters().stream().mapToDouble(Counter::count).sum();
            double lookups = meters.find(MetricNames.MEMORY_EMBEDDING_CACHE_REQUESTS).counters().stream()
                    .mapToDouble(Counter::count).sum();
            List<Long> latencies = outcome.batchToRowNanos();
            return new RunResult(name, outcome.lastRowAt() / 1e9, outcome.batches(), outcome.rows(),
                    outcome.inputCommittedAt() / 1e9, outcome.lastBatchAt() / 1e9, outcome.lastMemoryAt() / 1e9,
                    outcome.lastRowAt() / 1e9, totalSeconds(meters, MetricNames.BATCH_PROCESSING),
                    embedding == null ? 0 : embedding.totalTime(TimeUnit.SECONDS), embedding == null ? 0 : embedding.count(),
                    embeddingBatches == null ? 0 : embeddingBatches.mean(), lookups == 0 ? 0 : hits / lookups,
                    totalSeconds(meters, MetricNames.MEMORY_DECISION), cpuSeconds, outcome.peakHeapBytes(),
                    percentile(latencies, 0.50), percentile(latencies, 0.99));
        }

        private static double totalSeconds(MeterRegistry meters, String timer) {
            return meters.find(timer).timers().stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
        }

        private static double percentile(List<Long> sorted, double p) {
            if (sorted.isEmpty()) {
                return 0;
            }
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e9;
        }
    }

    private void print(Progress progress, List<RunResult> results, int records) {
        double raw = results.stream().filter(r -> r.name().equals(RAW)).mapToDouble(r -> messages / r.seconds()).findFirst().orElse(0);
        progress.line("");
        progress.line(String.format(Locale.ROOT, "%d messages (%d records with the session ends), %d sessions, %d users; "
                + "seconds from the app RUNNING (the copy: its first poll)", messages, records, sessions, users));
        progress.line("");
        progress.line("| run | seconds | messages/s | x raw | rows | rows/s | input read | last batch | last memory | last row "
                + "| enriching (s) | embedding (s) | embeddings | memories per embedding call | model cache hits (extractor and embedder) | index (s) | CPU (s) | peak heap (MB) "
                + "| batch to row p50 (s) | p99 (s) |");
        progress.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (RunResult r : results) {
            boolean app = !r.name().equals(RAW);
            double perSecond = messages / r.seconds();
            progress.line(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %s "
                            + "| %s | %s | %s | %.1f | %s | %s | %s |",
                    r.name(), r.seconds(), perSecond, raw == 0 ? "-" : String.format(Locale.ROOT, "%.2f", perSecond / raw),
                    app ? Long.toString(r.rows()) : "-", app ? String.format(Locale.ROOT, "%,.0f", r.rows() / r.seconds()) : "-",
                    r.inputCommitted(), seconds(app, r.lastBatch()), seconds(app, r.lastMemory()), seconds(app, r.lastRow()),
                    seconds(app, r.enrichingSeconds()), seconds(app, r.embeddingSeconds()),
                    app ? Long.toString(r.embeddings()) : "-", app ? String.format(Locale.ROOT, "%.1f", r.embeddingBatchMean()) : "-",
                    app ? String.format(Locale.ROOT, "%.0f %%", 100 * r.cacheHitRatio()) : "-", seconds(app, r.indexSeconds()),
                    r.cpuSeconds(), app ? Long.toString(r.peakHeapBytes() >> 20) : "-", seconds(app, r.latencyP50()),
                    seconds(app, r.latencyP99())));
        }
        progress.line("");
        progress.line("JVM peak resident memory over the whole command: " + peakResidentMb() + " MB (PostgreSQL runs in processes of its own)");
    }

    private static String seconds(boolean shown, double value) {
        return shown ? String.format(Locale.ROOT, "%.1f", value) : "-";
    }

    private static String peakResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) >> 10);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return "?";
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
