package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code memstream run} processes in one group on the embedded broker; one gets SIGTERM, as a scale-down or
 * {@code docker compose stop} sends it. The survivor must own every partition within seconds, not after the
 * stopped member's session times out (45 s by default).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StopHandoverIT {

    private static final Path LOGS = Path.of("target", "it-logs", "StopHandoverIT");
    private static final Duration HANDOVER_LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;
    private EmbeddedStack stack;
    private Process first;
    private Process second;

    @BeforeEach
    void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, new Progress(System.out));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process app : new Process[] {first, second}) {
            if (app != null && app.isAlive()) {
                app.destroyForcibly().waitFor();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStoppedInstanceHandsItsPartitionsToTheOtherAtOnce() throws Exception {
        Files.createDirectories(LOGS);
        first = AppProcess.start(configFile("first"), LOGS.resolve("first.log"));
        second = AppProcess.start(configFile("second"), LOGS.resolve("second.log"));
        MemstreamConfig config = new MemstreamConfig(stack.appSettings(Map.of()));
        String group = config.getString(MemstreamConfig.APPLICATION_ID);
        Set<TopicPartition> input = java.util.stream.IntStream.range(0, EmbeddedStack.PARTITIONS)
                .mapToObj(p -> new TopicPartition(config.topics().messages(), p)).collect(Collectors.toSet());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            awaitGroup(admin, group, Duration.ofMinutes(3), "two members sharing the input",
                    d -> d.members().size() == 2 && d.members().stream().allMatch(m -> !inputOf(m, input).isEmpty()));

            long stopped = System.nanoTime();
            first.destroy();
            ConsumerGroupDescription after = awaitGroup(admin, group, Duration.ofSeconds(60), "one member owning all input",
                    d -> d.members().size() == 1 && inputOf(d.members().iterator().next(), input).equals(input));
            Duration handover = Duration.ofNanos(System.nanoTime() - stopped);
            System.out.printf("handover after SIGTERM: %d ms%n", handover.toMillis());

            assertThat(handover).as("the survivor owned every input partition after %s", handover).isLessThan(HANDOVER_LIMIT);
            assertThat(after.members()).hasSize(1);
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the stopped instance exits").isTrue();
            assertThat(Files.readString(LOGS.resolve("first.log"))).contains("leaving the consumer group");
            assertThat(second.isAlive()).isTrue();
        }
    }

    private Path configFile(String name) throws Exception {
        Map<String, Object> settings = new HashMap<>(stack.appSettings(Map.of()));
        settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, stack.registryHttpUrl());
        settings.put(MemstreamConfig.STATE_DIR, workDir.resolve(name + "-state").toString());
        Path file = workDir.resolve(name + ".properties");
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        return file;
    }

    private static Set<TopicPartition> inputOf(MemberDescription member, Set<TopicPartition> input) {
        return member.assignment().topicPartitions().stream().filter(input::contains).collect(Collectors.toSet());
    }

    private ConsumerGroupDescription awaitGroup(Admin admin, String group, Duration timeout, String what,
                                                java.util.function.Predicate<ConsumerGroupDescription> until) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConsumerGroupDescription last = null;
        while (System.nanoTime() < deadline) {
            assertThat(second.isAlive()).as("second instance alive (log: %s)", LOGS.resolve("second.log")).isTrue();
            try {
                last = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                if (last.groupState() == GroupState.STABLE && until.test(last)) {
                    return last;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("group " + group + " never had " + what + " within " + timeout + "; last: " + last);
    }
}
