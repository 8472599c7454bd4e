package io.memstream.sink;

import io.memstream.config.MemstreamConfig;
import io.memstream.config.OpsSettings;
import io.memstream.ops.Health;
import io.memstream.ops.HealthContributor;
import io.memstream.ops.HealthContributors;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the PostgreSQL sink connector through Connect's REST API: its state and its consumer lag for
 * {@code /health/sink} (registered as {@link HealthContributors#SINK}) and {@code /metrics}; and, when it heals,
 * restarts a FAILED connector or task ({@code POST .../restart?includeTasks=true&onlyFailed=true}) after
 * {@link RestartBackoff#delay}, counting the restarts since the task last ran steadily (as long as the backoff's
 * maximum). Connect itself never restarts a FAILED task: a sink that lost its database for a few seconds stays down
 * until someone does.
 *
 * <p>Polls on a thread of its own; the health answer comes from the last poll, never from a call made for the request.
 */
public final class SinkWatch implements HealthContributor, AutoCloseable {

    /** {@link MetricNames#SINK_STATE} values. */
    static final int STATE_UNKNOWN = -1;
    static final int STATE_RUNNING = 0;
    static final int STATE_NOT_RUNNING = 1;
    static final int STATE_FAILED = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SinkWatch.class);

    private final ConnectRestClient connect;
    private final String connector;
    private final Optional<ConsumerGroupLag> lag;
    private final Optional<RestartBackoff> healing;
    // Counted here, not by Counter: the watch can outlive the registries it is shown on (the laptop stack's watch
    // serves one app instance after another), and /health/sink reports these numbers too.
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private ScheduledExecutorService poller;
    private final List<Exposure> exposures = new CopyOnWriteArrayList<>();
    private Admin ownedAdmin;

    private volatile Optional<ConnectorState> state = Optional.empty();
    private volatile String unreachable = "not checked yet";
    private volatile double lastLag = Double.NaN;
    private volatile Instant checkedAt;
    private boolean wasFailed;
    private int restartsSinceRunning;
    private Instant runningSince;
    private Instant nextRestartAt;

    SinkWatch(ConnectRestClient connect, String connector, Optional<ConsumerGroupLag> lag,
                      Optional<RestartBackoff> healing) {
        this.connect = connect;
        this.connector = connector;
        this.lag = lag;
        this.healing = healing;
    }

    /**
     * Shows this watch on one app instance: its meters on {@code registry}, its health as that instance's
     * {@link HealthContributors#SINK} component, until the returned handle is closed. The watch is not the
     * instance's: on the laptop stack one watch of the stack's sink serves each app instance started on it.
     * {@link #close()} undoes the exposures still open.
     */
    public AutoCloseable exposeTo(MeterRegistry registry, HealthContributors contributors) {
        Tags tags = Tags.of(MetricNames.TAG_CONNECTOR, connector);
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder(MetricNames.SINK_STATE, this, SinkWatch::stateCode).tags(tags)
                .description("Sink connector state: 0 running, 1 starting/paused/unassigned, 2 failed, -1 unknown")
                .register(registry));
        meters.add(Gauge.builder(MetricNames.SINK_LAG, this, w -> w.lastLag).tags(tags)
                .description("enhanced-memories records the sink has not committed yet").register(registry));
        meters.add(FunctionCounter.builder(MetricNames.SINK_TASK_FAILURES, failures, AtomicLong::get).tags(tags)
                .description("Times the sink connector or a task was seen entering FAILED").register(registry));
        meters.add(FunctionCounter.builder(MetricNames.SINK_TASK_RESTARTS, restarts, AtomicLong::get).tags(tags)
                .description("Restarts of the failed sink connector or tasks requested by memstream").register(registry));
        Exposure exposure = new Exposure(registry, meters, contributors.register(HealthContributors.SINK, this));
        exposures.add(exposure);
        return exposure;
    }

    /** What one {@link #exposeTo} put on an app instance; closing it again does nothing. */
    private final class Exposure implements AutoCloseable {
        private final MeterRegistry registry;
        private final List<Meter> meters;
        private final AutoCloseable registration;

        Exposure(MeterRegistry registry, List<Meter> meters, AutoCloseable registration) {
            this.registry = registry;
            this.meters = meters;
            this.registration = registration;
        }

        @Override
        public void close() throws Exception {
            if (exposures.remove(this)) {
                registration.close();
                meters.forEach(registry::remove);
            }
        }
    }

    /**
     * A watch of {@code connector} on the Connect worker at {@code connectUrl}.
     *
     * @param lagAdmin an admin client of the Kafka cluster, to read the lag of the connector's group on {@code topic};
     *                 null for no lag
     * @param healing  the backoff of restarts, or empty to watch only (where Strimzi or a supervisor loop restarts)
     */
    public static SinkWatch of(String connectUrl, String connector, Admin lagAdmin, String topic,
                               Optional<RestartBackoff> healing) {
        Optional<ConsumerGroupLag> lag = Optional.ofNullable(lagAdmin)
                .map(admin -> new ConsumerGroupLag(admin, ConsumerGroupLag.sinkGroupOf(connector), topic));
        return new SinkWatch(new ConnectRestClient(connectUrl), connector, lag, healing);
    }

    /**
     * The watch {@code run} starts when {@code sink.connect.url} is set: state and lag only, since Strimzi's autoRestart
     * or the deployment's supervisor loop restarts a failed sink. Started and shown on the app instance of
     * {@code registry} and {@code contributors}, with an admin client of its own; {@link #close()} undoes all three.
     * Empty when the sink is not watched.
     */
    public static Optional<SinkWatch> watchOnly(MemstreamConfig config, MeterRegistry registry,
                                                HealthContributors contributors) {
        OpsSettings ops = config.ops();
        if (ops.sinkConnectUrl().isEmpty()) {
            return Optional.empty();
        }
        Properties adminProps = new Properties();
        adminProps.putAll(config.streamsProperties());
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(MemstreamConfig.BOOTSTRAP_SERVERS));
        Admin admin = Admin.create(adminProps);
        SinkWatch watch = of(ops.sinkConnectUrl().get(), ops.sinkConnectorName(), admin, config.topics().memories(),
                Optional.empty());
        watch.ownedAdmin = admin;
        watch.exposeTo(registry, contributors);
        return Optional.of(watch.start(ops.sinkPollInterval()));
    }

    /** Polls every {@code interval} from now on; {@link #exposeTo} shows what it finds. */
    public SinkWatch start(Duration interval) {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "memstream-sink-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::checkQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void checkQuietly() {
        try {
            check(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("checking the sink connector {} failed", connector, e);
        }
    }

    /** One poll at {@code now}: reads the status and lag, and restarts what failed when its backoff has passed. */
    synchronized void check(Instant now) {
        checkedAt = now;
        Optional<ConnectorState> current = readStatus();
        state = current;
        lag.ifPresent(this::readLag);
        boolean failed = current.map(ConnectorState::failed).orElse(false);
        if (failed && !wasFailed) {
            failures.incrementAndGet();
            LOG.warn("sink connector {}: {}{}", connector, current.get().failureSummary(),
                    healing.isPresent() ? "; restarting it with backoff" : "");
        }
        wasFailed = failed;
        healing.ifPresent(backoff -> heal(backoff, current, now));
    }

    private Optional<ConnectorState> readStatus() {
        try {
            Optional<ConnectorState> current = connect.status(connector);
            unreachable = current.isPresent() ? null : "Connect at " + connect.baseUrl() + " has no connector " + connector;
            return current;
        } catch (IOException e) {
            // The class only: the message of an HTTP client's exception is of no use to whoever reads /health.
            unreachable = "Connect at " + connect.baseUrl() + " did not answer: " + e.getClass().getName();
            return Optional.empty();
        }
    }

    private void heal(RestartBackoff backoff, Optional<ConnectorState> current, Instant now) {
        if (current.map(ConnectorState::running).orElse(false)) {
            nextRestartAt = null;
            if (runningSince == null) {
                runningSince = now;
            }
            if (!now.isBefore(runningSince.plus(backoff.max()))) {
                restartsSinceRunning = 0;
            }
            return;
        }
        runningSince = null;
        if (!current.map(ConnectorState::failed).orElse(false)) {
            return;
        }
        if (nextRestartAt == null) {
            nextRestartAt = now.plus(backoff.delay(restartsSinceRunning));
        }
        if (now.isBefore(nextRestartAt)) {
            return;
        }
        try {
            connect.restartFailed(connector);
            restarts.incrementAndGet();
            restartsSinceRunning++;
            nextRestartAt = null;
            LOG.info("restarted the failed parts of sink connector {} (restart {} since it last ran)", connector,
                    restartsSinceRunning);
        } catch (IOException e) {
            nextRestartAt = now.plus(backoff.delay(restartsSinceRunning));
            LOG.warn("could not restart sink connector {}: {}", connector, e.getMessage());
        }
    }

    private void readLag(ConsumerGroupLag groupLag) {
        try {
            lastLag = groupLag.lag();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastLag = Double.NaN;
        } catch (Exception e) {
            lastLag = Double.NaN;
        }
    }

    double stateCode() {
        Optional<ConnectorState> current = state;
        if (current.isEmpty()) {
            return STATE_UNKNOWN;
        }
        return current.get().failed() ? STATE_FAILED : current.get().running() ? STATE_RUNNING : STATE_NOT_RUNNING;
    }

    /**
     * {@code /health/sink}: DOWN while the connector or a task is FAILED, DEGRADED while it is not running or Connect
     * cannot tell, UP when every task runs. Failures are named by exception class only.
     */
    @Override
    public Health health() {
        Optional<ConnectorState> current = state;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("connector", connector);
        d.put("connect_url", connect.baseUrl());
        d.put("state", current.map(ConnectorState::connector).orElse("UNKNOWN"));
        d.put("tasks", current.map(s -> s.tasks().stream().map(SinkWatch::describe).toList()).orElse(List.of()));
        if (unreachable != null) {
            d.put("error", unreachable);
        }
        d.put("lag", Double.isNaN(lastLag) ? null : (long) lastLag);
        d.put("failures", failures.get());
        d.put("restarts", restarts.get());
        d.put("auto_restart", healing.isPresent());
        d.put("checked_at", checkedAt == null ? null : checkedAt.toString());
        int code = (int) stateCode();
        Health.Status status = code == STATE_RUNNING ? Health.Status.UP
                : code == STATE_FAILED ? Health.Status.DOWN : Health.Status.DEGRADED;
        return new Health(status, d);
    }

    private static Map<String, Object> describe(ConnectorState.Task task) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", task.id());
        t.put("state", task.state());
        task.errorClass().ifPresent(c -> t.put("error_class", c));
        task.rootCauseClass().ifPresent(c -> t.put("root_cause_class", c));
        return t;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Exposure exposure : exposures) {
            try {
                exposure.close();
            } catch (Exception e) {
                // unregistering removes a map entry and meters; nothing can fail
            }
        }
        if (ownedAdmin != null) {
            ownedAdmin.close(Duration.ofSeconds(5));
        }
    }
}
