package io.memstream.app;

import io.memstream.config.MemstreamConfig;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.enrichment.EnrichmentStatus;
import io.memstream.memory.MemoryIndexHealth;
import io.memstream.memory.MemoryServices;
import io.memstream.ops.Health;
import io.memstream.ops.HealthContributors;
import io.memstream.ops.OpsMetrics;
import io.memstream.ops.StreamsStatus;
import io.memstream.topology.MemstreamTopology;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The streams app: topics ensured, topology built from config, {@link KafkaStreams} started and stopped cleanly. */
public final class MemstreamApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemstreamApp.class);
    /** Longest wait for Kafka Streams to commit and close; the chart's and Compose's grace periods are longer. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final MemstreamConfig config;
    private final EnrichmentService enrichment;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final StreamsStatus status = new StreamsStatus();
    private final OpsMetrics metrics;
    private final HealthContributors health = new HealthContributors();
    private final AutoCloseable memoryHealth;

    /**
     * An instance with meters and health contributors of its own: every stage it builds records on this instance's
     * registry and registers its health here, so that several instances in one JVM (tests, benchmarks) stay apart.
     */
    public MemstreamApp(MemstreamConfig config) {
        this.config = config;
        this.metrics = new OpsMetrics(config.getString(MemstreamConfig.APPLICATION_ID));
        MeterRegistry registry = metrics.meters();
        Properties props = ProductionErrorHandling.streamsProperties(config, registry);
        MemoryServices memory;
        // An instance that fails to build must not leave its JVM binders listening, nor its LLM threads running.
        EnrichmentService service = null;
        try {
            service = EnrichmentService.create(config.enrichment(), registry);
            memory = MemoryServices.fromConfig(config.memory().embedding(), registry);
            this.streams = new KafkaStreams(MemstreamTopology.build(config, service, memory, registry), props);
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            metrics.close();
            throw e;
        }
        this.enrichment = service;
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("stream thread died; shutting this instance down so that a restart re-drives its work", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setGlobalStateRestoreListener(status.restoreListener());
        metrics.bindStreams(streams, status, config.topics().batches(),
                new File(config.getString(MemstreamConfig.STATE_DIR)));
        this.memoryHealth = health.register(HealthContributors.MEMORY,
                () -> Health.up(MemoryIndexHealth.of(streams, TopologyNames.MEMORIES_STORE, memory)));
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            status.onStateChange(now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /**
     * Creates missing topics (when topic.create is on), sets the compatibility level memstream needs on its input
     * subject, and starts processing.
     */
    public MemstreamApp start() {
        if (config.topics().create()) {
            Properties adminProps = new Properties();
            adminProps.putAll(config.streamsProperties());
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(MemstreamConfig.BOOTSTRAP_SERVERS));
            try (Admin admin = Admin.create(adminProps)) {
                TopicProvisioner.createMissing(admin, config.topics());
            }
        }
        SubjectCompatibility.ensure(config);
        streams.start();
        return this;
    }

    /** Waits until the app is RUNNING, or fails with its state. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (!streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("streams app stopped in state " + streams.state() + "; see the log above");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams app not RUNNING after " + timeout + " (state " + streams.state() + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Blocks until the app stops by itself (a fatal error) or the thread is interrupted. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** State and store restoration, for the health endpoints. */
    public StreamsStatus status() {
        return status;
    }

    public MemstreamConfig config() {
        return config;
    }

    /** This instance's meters: {@code /metrics}, and what a benchmark of the instance reads. */
    public OpsMetrics metrics() {
        return metrics;
    }

    /** Where this instance's components register their health, for its health endpoints. */
    public HealthContributors health() {
        return health;
    }

    /** The enrichment stage's state (active model, fallback, breakers, queue depth), for health endpoints. */
    public EnrichmentStatus enrichmentStatus() {
        return enrichment.status();
    }

    /**
     * Commits and stops within 30 s. Unless {@code shutdown.leave.group} says otherwise, the instance leaves the
     * consumer group, so that the others take its partitions now instead of after {@code session.timeout.ms}
     * (Kafka Streams' own default is to stay, which is right only for a static member about to come back).
     */
    @Override
    public void close() {
        boolean leave = config.shutdown().leavesGroup();
        LOG.info("stopping; {} the consumer group", leave ? "leaving" : "staying in");
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(leave
                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        enrichment.close();
        try {
            memoryHealth.close();
        } catch (Exception e) {
            LOG.warn("could not unregister the memory health contributor", e);
        }
        metrics.close();
    }
}
