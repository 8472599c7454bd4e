package io.memstream.cli;

import io.memstream.app.ConfigLoader;
import io.memstream.app.KafkaReachability;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.config.ShutdownSettings;
import io.memstream.ops.LogSettings;
import io.memstream.ops.OpsEndpoints;
import io.memstream.sink.SinkWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code memstream run --config app.properties}: the streams app against a real Kafka and registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streams app against the Kafka cluster and schema registry named in the config "
                + "(file, then MEMSTREAM_* environment variables).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file: memstream keys and any Kafka Streams key.")
    private Path config;

    @Override
    public Integer call() throws Exception {
        MemstreamConfig settings = new MemstreamConfig(ConfigLoader.load(config, System.getenv()));
        LogSettings.apply(settings.logging());
        KafkaReachability.require(settings, KafkaReachability.TIMEOUT);
        // After the reachability check: a broker that cannot be reached stays a one-line failure.
        LOG.info("settings:\n{}", settings);
        MemstreamApp app = new MemstreamApp(settings);
        // Metrics and health first: liveness answers while stores restore, readiness says when they are done.
        OpsEndpoints ops = OpsEndpoints.start(settings, app.metrics(), app.status(), app.health(), false);
        Optional<SinkWatch> sink = SinkWatch.watchOnly(settings, app.metrics().registry(), app.health());
        // SIGTERM (Kubernetes, docker stop): commit, leave the group unless shutdown.leave.group says stay, then
        // stop serving health.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            sink.ifPresent(SinkWatch::close);
            ops.close();
        }, "memstream-shutdown"));
        app.start();
        System.out.println("memstream running: application.id=" + settings.getString(MemstreamConfig.APPLICATION_ID)
                + ", reading " + settings.topics().messages() + ", writing " + settings.topics().memories()
                + " (Ctrl-C to stop)");
        System.out.println("metrics and health: " + ops.describe());
        System.out.println("PostgreSQL sink: " + settings.ops().sinkConnectUrl()
                .map(url -> "watched at " + url + " (/health/sink)").orElse("not watched (sink.connect.url is empty)"));
        System.out.println("group membership: " + membership(settings.shutdown()));
        app.awaitRunning(Duration.ofMinutes(5));
        app.awaitStop();
        return app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
    }

    private static String membership(ShutdownSettings shutdown) {
        String identity = shutdown.groupInstanceId().map(id -> "static, group.instance.id=" + id)
                .orElse("dynamic (no group.instance.id)");
        return identity + "; on stop it " + (shutdown.leavesGroup()
                ? "leaves the group, so the other instances take its partitions at once"
                : "stays in the group for session.timeout.ms, so a restart gets its partitions back without a rebalance");
    }
}
