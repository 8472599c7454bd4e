package io.memstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.sink.FakeConnectRest;
import io.memstream.sink.RestartBackoff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * files/supervise-connector.sh, the sink's supervisor in Docker Compose and in the Helm chart without Strimzi: the
 * backoff of memstream's own supervisor, and a restart of what FAILED against a stand-in for Connect's REST API.
 */
class ConnectorSupervisorScriptTest {

    private static final Path SCRIPT = DeploymentFiles.CHART.resolve("files/supervise-connector.sh");

    @Test
    void waitsAsLongAsMemstreamsOwnSupervisorBeforeEachRestart() throws Exception {
        for (int restart = 0; restart <= 10; restart++) {
            Process process = new ProcessBuilder("sh", SCRIPT.toString(), "--delay", Integer.toString(restart)).start();
            String delay = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Long.parseLong(delay)).as("restart %d", restart)
                    .isEqualTo(RestartBackoff.DEFAULT.delay(restart).toSeconds());
        }
    }

    @Test
    @Timeout(30)
    void restartsOnlyTheFailedPartsOfAFailedConnector() throws Exception {
        FakeConnectRest connect = new FakeConnectRest("memories-sink");
        connect.answer(restarts -> FakeConnectRest.statusJson("RUNNING", restarts.isEmpty() ? "FAILED" : "RUNNING", "x"));
        List<String> restarts = connect.restarts();
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CONNECT_URL", connect.url());
        builder.environment().put("CONNECTOR", "memories-sink");
        builder.environment().put("POLL_SECONDS", "1");
        Process supervisor = builder.start();
        try {
            while (restarts.isEmpty()) {
                Thread.sleep(100);
            }
            Thread.sleep(2_500);
            assertThat(restarts).as("one restart: the task runs again afterwards")
                    .containsExactly("POST /connectors/memories-sink/restart?includeTasks=true&onlyFailed=true");
        } finally {
            supervisor.destroyForcibly().waitFor();
            connect.close();
        }
    }
}
