package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.app.ConfigLoader;
import io.memstream.app.KafkaReachability;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} and {@code produce} in a JVM of their own, pointed at a port nobody listens on: they give up within
 * seconds, with one line that says what to check, and none of the Kafka clients' retry warnings.
 */
class UnreachableKafkaTest {

    private static final Duration LIMIT = KafkaReachability.TIMEOUT.plusSeconds(10);

    @TempDir
    Path dir;

    @Test
    void runReportsAnUnreachableBrokerInOneLineWithinSeconds() throws Exception {
        assertReportedInOneLine("run");
    }

    @Test
    void produceReportsAnUnreachableBrokerInOneLineWithinSeconds() throws Exception {
        assertReportedInOneLine("produce");
    }

    @Test
    void runReportsABootstrapAddressThatDoesNotResolveInOneLine() throws Exception {
        List<String> lines = console("run", "no-such-broker.invalid:9092");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("memstream run: cannot reach Kafka at no-such-broker.invalid:9092: ")
                .contains("bootstrap.servers");
    }

    private void assertReportedInOneLine(String command) throws Exception {
        String bootstrap = "127.0.0.1:" + closedPort();
        assertThat(console(command, bootstrap)).as("console of '%s'", command).containsExactly("memstream " + command
                + ": cannot reach Kafka at " + bootstrap + " within " + KafkaReachability.TIMEOUT.toSeconds()
                + "s: check bootstrap.servers and that the broker is running and reachable");
    }

    /** The console lines of the command in a JVM of its own; it must fail, and in time. */
    private List<String> console(String command, String bootstrap) throws Exception {
        Path config = dir.resolve("app.properties");
        Files.writeString(config, "bootstrap.servers=" + bootstrap + "\nstate.dir=" + dir.resolve("state") + "\nops.port=-1\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LaptopMain.class.getName(), command, "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith(ConfigLoader.ENV_PREFIX));
        long started = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(LIMIT.toSeconds() + 30, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("out.log")));
        // The JVM may announce picked-up JAVA_TOOL_OPTIONS; that line is not memstream's.
        lines.removeIf(line -> line.startsWith("Picked up "));

        assertThat(process.exitValue()).isNotZero();
        assertThat(took).as("took %s", took).isLessThan(LIMIT);
        return lines;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
