package io.memstream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.ops.Health;
import io.memstream.ops.HealthContributors;
import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch against a stand-in for Connect's REST API that answers what the test sets, polled at times the test sets. */
class SinkWatchTest {

    private static final String CONNECTOR = "memories-sink";
    private static final String USER_CONTENT = "my sister Anna moves to Paris";
    private static final String RUNNING = FakeConnectRest.statusJson("RUNNING", "RUNNING", null);
    private static final String FAILED = FakeConnectRest.statusJson("RUNNING", "FAILED",
            "org.apache.kafka.connect.errors.ConnectException: JDBC sink connector failure\\n\\tat io.debezium.X.put(X.java:1)\\n"
                    + "Caused by: java.sql.BatchUpdateException: Batch entry 0 INSERT INTO memories (content) VALUES ('"
                    + USER_CONTENT + "') was aborted\\n\\tat org.postgresql.Y(Y.java:2)\\n"
                    + "Caused by: org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command\\n");
    private static final RestartBackoff BACKOFF = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HealthContributors contributors = new HealthContributors();
    private final FakeConnectRest connect = new FakeConnectRest(CONNECTOR);
    private final List<String> restarts = connect.restarts();
    private Instant now = Instant.parse("2026-03-05T10:00:00Z");

    @AfterEach
    void stopConnect() {
        connect.close();
    }

    @Test
    void aRunningSinkIsUp() {
        SinkWatch watch = watch(Optional.empty());
        watch.check(now);

        Health health = watch.health();
        assertThat(health.status()).isEqualTo(Health.Status.UP);
        assertThat(health.details()).containsEntry("state", "RUNNING").containsEntry("failures", 0L);
        assertThat(gauge(MetricNames.SINK_STATE)).isEqualTo(SinkWatch.STATE_RUNNING);
    }

    @Test
    void aFailedTaskIsDownNamedByExceptionClassesWithoutTheTraceOrItsValues() {
        connect.answer(FAILED);
        SinkWatch watch = watch(Optional.empty());
        watch.check(now);

        Health health = watch.health();
        assertThat(health.status()).isEqualTo(Health.Status.DOWN);
        assertThat(health.details().get("tasks")).asString()
                .contains("error_class=org.apache.kafka.connect.errors.ConnectException")
                .contains("root_cause_class=org.postgresql.util.PSQLException")
                .doesNotContain(USER_CONTENT).doesNotContain("INSERT").doesNotContain("administrator command");
        assertThat(gauge(MetricNames.SINK_STATE)).isEqualTo(SinkWatch.STATE_FAILED);
        assertThat(registry.get(MetricNames.SINK_TASK_FAILURES).functionCounter().count()).isEqualTo(1);
    }

    @Test
    void watchingOnlyNeverRestarts() {
        connect.answer(FAILED);
        SinkWatch watch = watch(Optional.empty());
        for (int i = 0; i < 5; i++) {
            watch.check(now);
            now = now.plus(Duration.ofMinutes(1));
        }

        assertThat(restarts).isEmpty();
        assertThat(registry.get(MetricNames.SINK_TASK_FAILURES).functionCounter().count()).as("one failure, seen five times").isEqualTo(1);
    }

    @Test
    void restartsOnlyTheFailedPartsAfterABackoffThatDoublesWhileTheTaskKeepsFailing() {
        connect.answer(FAILED);
        SinkWatch watch = watch(Optional.of(BACKOFF));

        watch.check(now);
        assertThat(restarts).as("the first restart waits 1 s").isEmpty();
        now = now.plus(Duration.ofMillis(999));
        watch.check(now);
        assertThat(restarts).isEmpty();
        now = now.plus(Duration.ofMillis(1));
        watch.check(now);
        assertThat(restarts).containsExactly("POST /connectors/" + CONNECTOR + "/restart?includeTasks=true&onlyFailed=true");

        now = now.plus(Duration.ofMillis(100));
        watch.check(now);
        now = now.plus(Duration.ofMillis(1_999));
        watch.check(now);
        assertThat(restarts).as("the second waits 2 s").hasSize(1);
        now = now.plus(Duration.ofMillis(1));
        watch.check(now);
        assertThat(restarts).hasSize(2);
        assertThat(registry.get(MetricNames.SINK_TASK_RESTARTS).functionCounter().count()).isEqualTo(2);
        assertThat(watch.health().details()).containsEntry("restarts", 2L).containsEntry("auto_restart", true);
    }

    @Test
    void theBackoffStartsOverOnceTheTaskHasRunAsLongAsTheLongestWait() {
        connect.answer(FAILED);
        SinkWatch watch = watch(Optional.of(BACKOFF));
        for (int i = 0; i < 4; i++) {
            watch.check(now);
            now = now.plus(BACKOFF.max());
            watch.check(now);
        }
        assertThat(restarts).hasSize(4);

        connect.answer(RUNNING);
        watch.check(now);
        now = now.plus(BACKOFF.max());
        watch.check(now);
        connect.answer(FAILED);
        watch.check(now);
        now = now.plus(BACKOFF.initial());
        watch.check(now);

        assertThat(restarts).as("a new failure waits the first delay again").hasSize(5);
    }

    @Test
    void aTaskThatRunsBrieflyBetweenFailuresKeepsItsBackoff() {
        connect.answer(FAILED);
        SinkWatch watch = watch(Optional.of(BACKOFF));
        watch.check(now);
        now = now.plus(Duration.ofSeconds(1));
        watch.check(now);
        connect.answer(RUNNING);
        now = now.plus(Duration.ofSeconds(1));
        watch.check(now);
        connect.answer(FAILED);
        now = now.plus(Duration.ofSeconds(1));
        watch.check(now);
        now = now.plus(Duration.ofSeconds(1));
        watch.check(now);

        assertThat(restarts).as("the second restart still waits 2 s").hasSize(1);
        now = now.plus(Duration.ofSeconds(1));
        watch.check(now);
        assertThat(restarts).hasSize(2);
    }

    @Test
    void anUnreachableConnectIsDegradedAndUnknown() {
        connect.close();
        SinkWatch watch = watch(Optional.of(BACKOFF));
        watch.check(now);

        Health health = watch.health();
        assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(health.details()).containsEntry("state", "UNKNOWN");
        assertThat(health.details().get("error")).asString().contains("did not answer");
        assertThat(gauge(MetricNames.SINK_STATE)).isEqualTo(SinkWatch.STATE_UNKNOWN);
    }

    @Test
    void closingRemovesItsMetersAndItsHealth() {
        SinkWatch watch = watch(Optional.empty());
        assertThat(contributors.of(HealthContributors.SINK)).contains(watch);
        watch.close();

        assertThat(registry.find(MetricNames.SINK_STATE).gauges()).isEmpty();
        assertThat(registry.find(MetricNames.SINK_TASK_RESTARTS).functionCounters()).isEmpty();
        assertThat(contributors.of(HealthContributors.SINK)).isEmpty();
    }

    @Test
    void oneWatchShownOnTwoAppInstancesIsWithdrawnFromEachAlone() throws Exception {
        SinkWatch watch = watch(Optional.empty());
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        HealthContributors otherHealth = new HealthContributors();
        AutoCloseable other = watch.exposeTo(otherMeters, otherHealth);
        assertThat(otherMeters.find(MetricNames.SINK_STATE).gauges()).hasSize(1);

        other.close();
        assertThat(otherMeters.find(MetricNames.SINK_STATE).gauges()).isEmpty();
        assertThat(otherHealth.of(HealthContributors.SINK)).isEmpty();
        assertThat(registry.find(MetricNames.SINK_STATE).gauges()).hasSize(1);
        assertThat(contributors.of(HealthContributors.SINK)).contains(watch);
        watch.close();
    }

    private SinkWatch watch(Optional<RestartBackoff> healing) {
        SinkWatch watch = new SinkWatch(new ConnectRestClient(connect.url()), CONNECTOR, Optional.empty(), healing);
        watch.exposeTo(registry, contributors);
        return watch;
    }

    private double gauge(String name) {
        return registry.get(name).tag(MetricNames.TAG_CONNECTOR, CONNECTOR).gauge().value();
    }
}
