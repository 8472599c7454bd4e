package io.memstream.ops;

import io.memstream.config.MemstreamConfig;
import io.memstream.config.OpsSettings;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code run}, {@code embedded} and {@code demo} commands start beside the Streams client: the HTTP server
 * of {@code /metrics} and {@code /health/*}, configured by {@code ops.port} and {@code ops.bind.address}, serving
 * the meters and health contributors of one app instance (which owns them and closes them). Start it before the
 * client, so that liveness answers while stores restore.
 */
public final class OpsEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);

    private final OpsMetrics metrics;
    private final OpsServer server;

    private OpsEndpoints(OpsMetrics metrics, OpsServer server) {
        this.metrics = metrics;
        this.server = server;
    }

    /**
     * Starts, unless {@code ops.port} is -1, the HTTP server of the app instance whose meters are {@code metrics} and
     * whose components register their health in {@code contributors}.
     *
     * @param anyPortIfBusy when the configured port is taken, serve on a free port instead of failing: for the
     *                      laptop commands (demo, embedded), where another program on 8080 must not stop the demo.
     *                      {@code run} passes false: a production instance must be where its scrape config says.
     */
    public static OpsEndpoints start(MemstreamConfig config, OpsMetrics metrics, StreamsStatus status,
                                     HealthContributors contributors, boolean anyPortIfBusy) {
        OpsSettings ops = config.ops();
        if (ops.port() < 0) {
            return new OpsEndpoints(metrics, null);
        }
        HealthReports health = new HealthReports(status, metrics.registry(), contributors, metrics.activity(),
                config.getString(MemstreamConfig.APPLICATION_ID), config.enrichment().describeChain(),
                Clock.systemUTC());
        OpsServer server;
        try {
            server = OpsServer.start(ops.bindAddress(), ops.port(), metrics, health);
        } catch (UncheckedIOException busy) {
            if (!anyPortIfBusy || ops.port() == 0) {
                throw busy;
            }
            LOG.warn("{}; serving on a free port instead", busy.getMessage());
            server = OpsServer.start(ops.bindAddress(), 0, metrics, health);
        }
        return new OpsEndpoints(metrics, server);
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
    }
}
