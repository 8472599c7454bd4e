package io.memstream.laptop;

import io.memstream.app.ConfigLoader;
import io.memstream.app.FileTrees;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.Progress;
import io.memstream.ops.LogSettings;
import io.memstream.ops.OpsEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memstream embedded}: the embedded stack and the streams app, kept running until Ctrl-C. */
@Command(name = "embedded", mixinStandardHelpOptions = true,
        description = "Start the embedded stack (Kafka, PostgreSQL, schema registry, Connect sink) and the streams app; "
                + "print the endpoints and keep running until Ctrl-C.")
final class EmbeddedCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties overriding the app's settings.")
    private Path config;

    @Option(names = "--client-config", paramLabel = "FILE", defaultValue = "embedded.properties",
            description = "Where to write client settings for 'memstream produce --config' (default: ${DEFAULT-VALUE}).")
    private Path clientConfig;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "memstream-embedded.log",
            description = "Where the log goes, so that the console shows progress only (default: ${DEFAULT-VALUE}).")
    private Path logFile;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out);
        RunLog log = RunLog.divertTo(logFile);
        progress.line("memstream embedded: log in " + log.file());
        Path workDir = Files.createTempDirectory("memstream-embedded-");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "memstream-embedded-shutdown"));
        Map<String, Object> overrides = ConfigLoader.load(config, System.getenv());
        String bindAddress = new MemstreamConfig(overrides).ops().embeddedBindAddress();
        try (EmbeddedStack stack = EmbeddedStack.start(workDir, bindAddress, progress)) {
            // The hook above stops everything in order: the app, Connect, PostgreSQL, the broker.
            stack.postgres().leaveShutdownToOwner();
            MemstreamConfig settings = new MemstreamConfig(stack.appSettings(overrides));
            LogSettings.apply(settings.logging());
            MemstreamApp app = new MemstreamApp(settings);
            try (app; OpsEndpoints ops = OpsEndpoints.start(settings, app.metrics(), app.status(), app.health(), true);
                 AutoCloseable sink = stack.exposeSinkTo(app)) {
                progress.step("Starting the streams app", () -> {
                    app.start();
                    app.awaitRunning(Duration.ofMinutes(2));
                    return null;
                });
                writeOwnerOnly(clientConfig, String.join(System.lineSeparator(),
                        "# written by 'memstream embedded': clients of the running embedded stack",
                        MemstreamConfig.BOOTSTRAP_SERVERS + "=" + stack.bootstrapServers(),
                        MemstreamConfig.SCHEMA_REGISTRY_URL + "=" + stack.registryHttpUrl(),
                        MemstreamConfig.TOPIC_MESSAGES + "=" + settings.topics().messages(),
                        "# PostgreSQL (table memories), for psql or JDBC; the password was generated for this run",
                        "# jdbc.url=" + stack.postgres().jdbcUrl(),
                        "# jdbc.user=" + stack.postgres().user(),
                        "# jdbc.password=" + stack.postgres().password(), ""));
                progress.line("");
                progress.line("memstream embedded stack is running; listening on " + stack.bindAddress()
                        + (isLoopback(stack.bindAddress()) ? " only (this machine)" : " (reachable from the network; only PostgreSQL asks for a password)")
                        + ", set by " + MemstreamConfig.EMBEDDED_BIND_ADDRESS);
                progress.line("  Kafka bootstrap servers  " + stack.bootstrapServers() + " (broker listener, plaintext)");
                progress.line("  Kafka controller         " + stack.kafkaControllerAddress() + " (KRaft, plaintext)");
                progress.line("  schema registry          " + stack.registryHttpUrl());
                progress.line("  PostgreSQL               " + stack.postgres().jdbcUrl() + " (user " + stack.postgres().user()
                        + ", password in " + clientConfig.toAbsolutePath() + ")");
                progress.line("  Kafka Connect REST       " + stack.connectUrl() + " (no authentication)");
                progress.line("  topics                   " + settings.topics().messages() + " -> " + settings.topics().batches()
                        + " -> " + settings.topics().memories());
                progress.line("  client settings          " + clientConfig.toAbsolutePath());
                progress.line("  metrics and health       " + ops.describe());
                progress.line("Publish with: java -jar streams-app/target/memstream.jar produce --config " + clientConfig
                        + " --input conversations.jsonl --end-sessions");
                progress.line("Ctrl-C stops everything.");
                stop.await();
                progress.line("Stopping the streams app, Kafka Connect, PostgreSQL and the Kafka broker, in that order");
            }
            progress.line("memstream embedded stopped");
        } finally {
            FileTrees.deleteQuietly(workDir);
            log.close();
            stopped.countDown();
        }
        return 0;
    }

    /** The client settings hold the database password: only their owner may read them. */
    private static void writeOwnerOnly(Path file, String content) throws java.io.IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
