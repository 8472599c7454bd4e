package io.memstream.ops;

import io.memstream.config.MemstreamConfig;
import io.memstream.sink.SinkWatch;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code run}, {@code embedded} and {@code demo} commands start beside the Streams client: the metrics
 * registry and the HTTP server of {@code /metrics} and {@code /health/*}, configured by {@code ops.port} and
 * {@code ops.bind.address}, and the watch of the PostgreSQL sink when {@code sink.connect.url} is set. Start it before
 * the client, so that liveness answers while stores restore.
 */
public final class OpsEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);

    private final OpsMetrics metrics;
    private final OpsServer server;
    private final SinkWatch sink;
    private final Admin sinkAdmin;

    private OpsEndpoints(OpsMetrics metrics, OpsServer server, SinkWatch sink, Admin sinkAdmin) {
        this.metrics = metrics;
        this.server = server;
        this.sink = sink;
        this.sinkAdmin = sinkAdmin;
    }

    /**
     * Starts metrics and, unless {@code ops.port} is -1, the HTTP server.
     *
     * @param anyPortIfBusy when the configured port is taken, serve on a free port instead of failing: for the
     *                      laptop commands (demo, embedded), where another program on 8080 must not stop the demo.
     *                      {@code run} passes false: a production instance must be where its scrape config says.
     */
    public static OpsEndpoints start(MemstreamConfig config, KafkaStreams streams, StreamsStatus status, boolean anyPortIfBusy) {
        String applicationId = config.getString(MemstreamConfig.APPLICATION_ID);
        OpsMetrics metrics = new OpsMetrics(applicationId);
        Admin sinkAdmin = null;
        SinkWatch sink = null;
        try {
            metrics.bindStreams(streams, status, config.batchesTopic(), new java.io.File(config.getString(MemstreamConfig.STATE_DIR)));
            if (config.sinkConnectUrl().isPresent()) {
                sinkAdmin = Admin.create(adminProperties(config));
                // Watch only: Strimzi's autoRestart or the deployment's supervisor loop restarts a failed sink.
                sink = SinkWatch.of(config.sinkConnectUrl().get(), config.getString(MemstreamConfig.SINK_CONNECTOR_NAME),
                        sinkAdmin, config.memoriesTopic(), Optional.empty(), metrics.registry()).start(config.sinkPollInterval());
            }
            if (config.opsPort() < 0) {
                return new OpsEndpoints(metrics, null, sink, sinkAdmin);
            }
            HealthReports health = new HealthReports(status, metrics.registry(), metrics.activity(), applicationId,
                    String.join(",", config.enrichmentProviders()), Clock.systemUTC());
            OpsServer server;
            try {
                server = OpsServer.start(config.opsBindAddress(), config.opsPort(), metrics, health);
            } catch (UncheckedIOException busy) {
                if (!anyPortIfBusy || config.opsPort() == 0) {
                    throw busy;
                }
                LOG.warn("{}; serving on a free port instead", busy.getMessage());
                server = OpsServer.start(config.opsBindAddress(), 0, metrics, health);
            }
            return new OpsEndpoints(metrics, server, sink, sinkAdmin);
        } catch (RuntimeException e) {
            closeSink(sink, sinkAdmin);
            metrics.close();
            throw e;
        }
    }

    private static Properties adminProperties(MemstreamConfig config) {
        Properties props = new Properties();
        props.putAll(config.streamsProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(MemstreamConfig.BOOTSTRAP_SERVERS));
        return props;
    }

    private static void closeSink(SinkWatch sink, Admin admin) {
        if (sink != null) {
            sink.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** Base URL of the server, empty when ops.port is -1. */
    public Optional<String> url() {
        return Optional.ofNullable(server).map(OpsServer::url);
    }

    /** One line for the console: where to scrape and probe. */
    public String describe() {
        return Optional.ofNullable(server).map(s -> s.url() + "/metrics, " + s.url() + "/health (ready, processor, llm, memory, sink); "
                        + "listening on " + s.listenAddress())
                .orElse("off (ops.port=-1)");
    }

    public OpsMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        closeSink(sink, sinkAdmin);
        metrics.close();
    }
}
