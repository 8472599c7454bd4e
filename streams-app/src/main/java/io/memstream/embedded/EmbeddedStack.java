package io.memstream.embedded;

import io.memstream.app.MemstreamApp;
import io.memstream.app.TopicProvisioner;
import io.memstream.config.MemstreamConfig;
import io.memstream.connect.MemoriesSink;
import io.memstream.feed.MemoriesTableReader;
import io.memstream.feed.Progress;
import io.memstream.ops.Health;
import io.memstream.sink.RestartBackoff;
import io.memstream.sink.SinkWatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Everything memstream needs, in this JVM: a KRaft broker, PostgreSQL with the memories table, the
 * in-process schema registry (also served over HTTP), and a Kafka Connect worker running the Debezium
 * JDBC sink, watched and restarted when it fails (see {@link #SINK_POLL_INTERVAL}). The streams app is started
 * separately against {@link #appSettings}. Every server listens on one
 * address, {@code embedded.bind.address} (127.0.0.1 by default): none of them asks who is calling.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** In-process registry shared by the app and the Connect worker (same JVM). */
    public static final String REGISTRY_SCOPE = "memstream-embedded";
    /** Partitions of memstream's topics in the embedded stack: enough to exercise partitioning, small for a laptop. */
    public static final int PARTITIONS = 3;
    /**
     * How often the stack's sink watch reads the connector's status. Connect never restarts a FAILED task itself, so
     * the watch does, with {@link RestartBackoff#DEFAULT}: the sink rides out a PostgreSQL restart without anyone.
     */
    static final Duration SINK_POLL_INTERVAL = Duration.ofSeconds(1);

    private final Path workDir;
    private final String bindAddress;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final EmbeddedRegistryServer registryServer;
    private final EmbeddedConnect connect;
    private final Admin sinkAdmin;
    private final SinkWatch sinkWatch;

    private EmbeddedStack(Path workDir, String bindAddress, EmbeddedKafka kafka, EmbeddedPostgres postgres,
                          EmbeddedRegistryServer registryServer, EmbeddedConnect connect, Admin sinkAdmin,
                          SinkWatch sinkWatch) {
        this.workDir = workDir;
        this.bindAddress = bindAddress;
        this.kafka = kafka;
        this.postgres = postgres;
        this.registryServer = registryServer;
        this.connect = connect;
        this.sinkAdmin = sinkAdmin;
        this.sinkWatch = sinkWatch;
    }

    /** Starts the stack on the default {@code embedded.bind.address} (127.0.0.1). */
    public static EmbeddedStack start(Path workDir, Progress progress) throws Exception {
        return start(workDir, new MemstreamConfig(Map.of()).ops().embeddedBindAddress(), progress);
    }

    /** Starts the stack in {@code workDir} (state and database files), every server on {@code bindAddress}, reporting each step. */
    public static EmbeddedStack start(Path workDir, String bindAddress, Progress progress) throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // PostgreSQL's first start unpacks its binaries: do it while the broker starts.
            CompletableFuture<EmbeddedPostgres> postgresStarting =
                    CompletableFuture.supplyAsync(() -> EmbeddedPostgres.start(bindAddress));
            EmbeddedKafka kafka = progress.step("Starting Kafka broker (KRaft, in-process)", () -> EmbeddedKafka.start(bindAddress));
            started.add(kafka);
            EmbeddedPostgres postgres = progress.step("Starting PostgreSQL (embedded binaries)", () -> join(postgresStarting));
            started.add(postgres);
            EmbeddedRegistryServer registry = EmbeddedRegistryServer.serve(REGISTRY_SCOPE, bindAddress);
            started.add(registry);

            MemstreamConfig config = new MemstreamConfig(baseSettings(kafka.bootstrapServers(), workDir));
            progress.step("Creating topics and the memories table", () -> {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    TopicProvisioner.createMissing(admin, config.topics());
                }
                try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
                    MemoriesSink.createTable(c);
                }
                return null;
            });
            EmbeddedConnect connect = progress.step("Starting Kafka Connect with the PostgreSQL sink", () -> {
                EmbeddedConnect worker = EmbeddedConnect.start(kafka.bootstrapServers(), bindAddress);
                started.add(worker);
                worker.putConnector(MemoriesSink.connectorName(), MemoriesSink.connectorConfig(new MemoriesSink.Settings(
                        config.topics().memories(), postgres.jdbcUrl(), postgres.user(), postgres.password(),
                        config.schemaRegistryUrl(), 1)));
                worker.awaitConnectorRunning(MemoriesSink.connectorName(), Duration.ofMinutes(2));
                return worker;
            });
            Admin sinkAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
            started.add(() -> sinkAdmin.close(Duration.ofSeconds(5)));
            SinkWatch sinkWatch = SinkWatch.of(connect.restUrl(), MemoriesSink.connectorName(), sinkAdmin,
                    config.topics().memories(), Optional.of(RestartBackoff.DEFAULT))
                    .start(SINK_POLL_INTERVAL);
            return new EmbeddedStack(workDir, bindAddress, kafka, postgres, registry, connect, sinkAdmin, sinkWatch);
        } catch (Exception | Error e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static EmbeddedPostgres join(CompletableFuture<EmbeddedPostgres> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Map<String, Object> baseSettings(String bootstrapServers, Path workDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(MemstreamConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY_SCOPE);
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve("streams-state").toString());
        settings.put(MemstreamConfig.TOPIC_PARTITIONS, PARTITIONS);
        settings.put(MemstreamConfig.TOPIC_REPLICATION_FACTOR, (short) 1);
        return settings;
    }

    /** Settings for a streams app on this stack; {@code overrides} win (e.g. from a --config file). */
    public Map<String, Object> appSettings(Map<String, Object> overrides) {
        Map<String, Object> settings = baseSettings(kafka.bootstrapServers(), workDir);
        // One broker: the internal topics (changelogs, repartitions) cannot have the default replication of 3.
        settings.put("replication.factor", 1);
        // The metrics/health server joins the rest of the stack, not the production default of every interface.
        settings.put(MemstreamConfig.EMBEDDED_BIND_ADDRESS, bindAddress);
        if (!overrides.containsKey(MemstreamConfig.OPS_BIND_ADDRESS)) {
            settings.put(MemstreamConfig.OPS_BIND_ADDRESS, bindAddress);
        }
        settings.putAll(overrides);
        return settings;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Where the KRaft controller listens (plaintext; only the broker talks to it). */
    public String kafkaControllerAddress() {
        return kafka.controllerAddress();
    }

    /** The address every server of the stack listens on. */
    public String bindAddress() {
        return bindAddress;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public String registryHttpUrl() {
        return registryServer.url();
    }

    public String connectUrl() {
        return connect.restUrl();
    }

    /**
     * Shows the stack's sink watch on {@code app}: its meters in the app's {@code /metrics}, its state as the app's
     * {@code /health/sink}, until the handle is closed. The watch is the stack's (it heals the one sink connector
     * whichever app runs), so each app started on the stack borrows it rather than watching the sink again.
     */
    public AutoCloseable exposeSinkTo(MemstreamApp app) {
        return sinkWatch.exposeTo(app.metrics().registry(), app.health());
    }

    /** The sink connector's state as {@code /health/sink} shows it. */
    public Health sinkHealth() {
        return sinkWatch.health();
    }

    /** The Connect worker, to add connectors of one's own (benchmarks give each run a sink). */
    public EmbeddedConnect connect() {
        return connect;
    }

    public MemoriesTableReader memoriesTable() {
        return new MemoriesTableReader(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {sinkWatch, () -> sinkAdmin.close(Duration.ofSeconds(5)), connect,
                registryServer, postgres, kafka}) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop the embedded stack cleanly");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
