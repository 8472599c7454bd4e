package io.memstream.laptop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.app.ConfigLoader;
import io.memstream.app.FileTrees;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.InputFiles;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.Progress;
import io.memstream.feed.RecordJson;
import io.memstream.feed.TopicReader;
import io.memstream.ops.LogSettings;
import io.memstream.ops.OpsEndpoints;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memstream demo}: the whole pipeline on the embedded stack, from JSON lines to rows in PostgreSQL,
 * then the rows written back out as JSON lines. Every session in the input is closed at the end of it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded stack, publish chat messages, wait until their memories are in "
                + "PostgreSQL, write them out and print a summary.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", description = "Chat messages as JSON lines; default: the bundled sample conversations.")
    private Path input;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = "memories.jsonl",
            description = "Where to write the rows of table memories as JSON lines (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(names = "--batches-output", paramLabel = "FILE", description = "Where to write the message batches as JSON lines.")
    private Path batchesOutput;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties overriding the app's settings (e.g. batch.size).")
    private Path config;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "memstream-demo.log",
            description = "Where the log goes, so that the console shows progress only (default: ${DEFAULT-VALUE}).")
    private Path logFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for the memories to reach PostgreSQL (default: ${DEFAULT-VALUE}).")
    private String timeout;

    @Override
    public Integer call() throws Exception {
        Duration wait = io.memstream.config.DurationParser.parse(timeout);
        Progress progress = new Progress(System.out);
        progress.line("memstream demo: chat messages -> batches -> memories -> PostgreSQL, all in this JVM");
        Path workDir = Files.createTempDirectory("memstream-demo-");
        try (RunLog log = RunLog.divertTo(logFile)) {
            progress.line("  log  " + log.file());
            return run(progress, workDir, wait);
        } finally {
            FileTrees.deleteQuietly(workDir);
        }
    }

    private int run(Progress progress, Path workDir, Duration wait) throws Exception {
        progress.line("[1/4] Starting the embedded stack");
        Map<String, Object> overrides = ConfigLoader.load(config(), System.getenv());
        String bindAddress = new MemstreamConfig(overrides).ops().embeddedBindAddress();
        try (EmbeddedStack stack = EmbeddedStack.start(workDir, bindAddress, progress)) {
            MemstreamConfig config = new MemstreamConfig(stack.appSettings(overrides));
            LogSettings.apply(config.logging());
            progress.line("[2/4] Starting the streams app");
            MemstreamApp app = new MemstreamApp(config);
            try (app; OpsEndpoints ops = OpsEndpoints.start(config, app.metrics(), app.status(), app.health(), true);
                 AutoCloseable sink = stack.exposeSinkTo(app)) {
                progress.step("Waiting for the app to be RUNNING", () -> {
                    app.start();
                    app.awaitRunning(Duration.ofMinutes(2));
                    return null;
                });
                progress.line("  metrics and health  " + ops.describe());
                progress.line("[3/4] Publishing " + InputFiles.describe(input));
                MessagePublisher.Result published;
                try (InputStream lines = InputFiles.open(input); MessagePublisher publisher = MessagePublisher.create(config,
                        app.metrics().meters())) {
                    published = publisher.publish(lines, InputFiles.describe(input), true, progress::line);
                }
                progress.line("  " + published.messages() + " messages and " + published.sessionEnds()
                        + " session ends published, " + published.errors().size() + " bad lines skipped");

                progress.line("[4/4] Waiting until every memory is in PostgreSQL");
                PipelineDrain.Outcome outcome = new PipelineDrain(config, stack.memoriesTable())
                        .await(published.lastOffsets(), wait, progress);
                writeJsonLines(output, outcome.rows().stream().map(ObjectNode::toString).toList());
                if (batchesOutput != null) {
                    writeJsonLines(batchesOutput, outcome.batches().stream().map(RecordJson::toJson).toList());
                }
                printSummary(progress, config, stack, published, outcome);
            }
        }
        return 0;
    }

    private Path config() {
        return config;
    }

    private void printSummary(Progress progress, MemstreamConfig config, EmbeddedStack stack,
                              MessagePublisher.Result published, PipelineDrain.Outcome outcome) {
        Map<String, Integer> closedBy = PipelineDrain.batchesByClosedBy(outcome.batches());
        long messagesInBatches = outcome.batches().stream().mapToLong(b -> b.getMessages().size()).sum();
        progress.line("");
        progress.line("Summary");
        progress.line(String.format("  messages      %d published, %d in batches, %d bad input lines skipped",
                published.messages(), messagesInBatches, published.errors().size()));
        progress.line(String.format("  batches       %d (COUNT %d, SIZE %d, IDLE %d, SESSION_END %d)", outcome.batches().size(),
                closedBy.getOrDefault("COUNT", 0), closedBy.getOrDefault("SIZE", 0), closedBy.getOrDefault("IDLE", 0),
                closedBy.getOrDefault("SESSION_END", 0)));
        progress.line(String.format("  memories      %d rows in PostgreSQL table memories -> %s", outcome.rows().size(), output));
        if (batchesOutput != null) {
            progress.line("  batches file  " + batchesOutput);
        }
        StringBuilder deadLetters = new StringBuilder();
        for (String topic : List.of(config.topics().messages(), config.topics().batches(), config.topics().memories(),
                config.topics().commands(), config.topics().memoryIndex())) {
            String dlq = config.topics().deadLetterOf(topic);
            int count = TopicReader.readAll(stack.bootstrapServers(), dlq, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .records().size();
            deadLetters.append(deadLetters.isEmpty() ? "" : ", ").append(count).append(' ').append(dlq);
        }
        progress.line("  dead letters  " + deadLetters);
        progress.line("  time taken    " + progress.elapsed());
    }

    private static void writeJsonLines(Path file, List<String> lines) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.newLine();
            }
        }
    }

}
