package io.memstream.deploy;

import static io.memstream.deploy.DeploymentFiles.COMPOSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.memstream.app.ConfigLoader;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml as Docker would read it (Debian's docker-compose parses and resolves it without an engine),
 * and as the app would: its settings, ports and image versions must be the app's.
 */
class DockerComposeTest {

    private static final JsonNode SERVICES = DeploymentFiles.yaml(COMPOSE).path("services");

    /** Runs docker-compose (see {@link DeploymentFiles#requireTool}). */
    private static String compose(String... args) throws Exception {
        DeploymentFiles.requireTool("docker-compose", "apt-get install docker-compose", "the Compose file was not validated");
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", COMPOSE.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(DeploymentFiles.ROOT.toFile()).redirectErrorStream(true);
        // Resolve the file with its own defaults, not with whatever this shell exports.
        builder.environment().keySet().removeIf(k -> k.startsWith("MEMSTREAM_") || k.startsWith("POSTGRES_")
                || k.startsWith("GRAFANA_") || k.startsWith("OLLAMA_") || k.startsWith("COMPOSE_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void composeFileIsValidWithAndWithoutTheOllamaProfile() throws Exception {
        JsonNode resolved = DeploymentFiles.YAML.readTree(compose("config"));
        assertThat(resolved.path("services").fieldNames()).toIterable()
                .contains("kafka", "schema-registry", "postgres", "connect", "connector-registration", "memstream",
                        "prometheus", "grafana");
        assertThat(compose("--profile", "ollama", "config", "--services").lines()).contains("ollama", "ollama-pull");
        assertThat(SERVICES.path("ollama").path("profiles").toString()).isEqualTo("[\"ollama\"]");
        assertThat(SERVICES.path("ollama-pull").path("profiles").toString()).isEqualTo("[\"ollama\"]");
    }

    @Test
    void everyMemstreamVariableNamesARealSetting() {
        List<String> unknown = new ArrayList<>();
        SERVICES.fields().forEachRemaining(service -> service.getValue().path("environment").fieldNames().forEachRemaining(name -> {
            if (name.startsWith("MEMSTREAM_") && !DeploymentFiles.isConfigKey(name)) {
                unknown.add(service.getKey() + ": " + name);
            }
        }));
        assertThat(unknown).as("MEMSTREAM_* variables that map to no memstream or Kafka setting").isEmpty();
    }

    @Test
    void memstreamServesMetricsWherePrometheusScrapesIt() {
        int defaultPort = (Integer) MemstreamConfig.DEFINITION.defaultValues().get(MemstreamConfig.OPS_PORT);
        JsonNode memstream = SERVICES.path("memstream");
        assertThat(memstream.path("environment").path("MEMSTREAM_OPS_PORT").asInt()).isEqualTo(defaultPort);
        assertThat(memstream.path("ports").toString()).contains("\"127.0.0.1:" + defaultPort + ":" + defaultPort + "\"");
        assertThat(memstream.path("healthcheck").path("test").toString()).contains("/health/ready").contains("/" + defaultPort);

        JsonNode prometheus = DeploymentFiles.yaml(DeploymentFiles.ROOT.resolve("docker/prometheus/prometheus.yml"));
        assertThat(prometheus.path("scrape_configs").findValuesAsText("metrics_path")).contains("/metrics");
        assertThat(prometheus.path("scrape_configs").toString()).contains("memstream:" + defaultPort);
        assertThat(SERVICES.path("prometheus").path("volumes").toString())
                .contains("./helm/memstream/files/prometheus-alerts.yml:/etc/prometheus/rules/");
    }

    @Test
    void everyPublishedPortAnswersThisMachineOnly() {
        List<String> open = new ArrayList<>();
        SERVICES.fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
            if (!port.asText().startsWith("127.0.0.1:")) {
                open.add(service.getKey() + ": " + port.asText());
            }
        }));
        assertThat(open).as("ports published on every interface (Kafka, registry and Connect have no authentication)").isEmpty();
        assertThat(DeploymentFiles.read(COMPOSE)).as("the file says how to publish on the network").contains("\"0.0.0.0:\"");
        assertThat(DeploymentFiles.read(DeploymentFiles.ROOT.resolve("docs/operations.md"))).contains("127.0.0.1:8083:8083");
    }

    @Test
    void memstreamLeavesTheGroupWhenComposeStopsIt() {
        JsonNode env = SERVICES.path("memstream").path("environment");
        Map<String, Object> settings = new java.util.HashMap<>();
        env.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(ConfigLoader.ENV_PREFIX)) {
                // Compose's ${VARIABLE:-default}, with nothing exported: the default.
                settings.put(ConfigLoader.keyOf(e.getKey()), e.getValue().asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
            }
        });
        assertThat(new MemstreamConfig(settings).shutdown().leavesGroup())
                .as("without a stable instance id a stop must hand the partitions over at once").isTrue();
        int grace = Integer.parseInt(SERVICES.path("memstream").path("stop_grace_period").asText().replace("s", ""));
        assertThat(grace).isGreaterThan((int) io.memstream.app.MemstreamApp.CLOSE_TIMEOUT.toSeconds());
    }

    private static String containerPort(String published) {
        return published.substring(published.lastIndexOf(':') + 1);
    }

    @Test
    void imagesRunTheKafkaAndDebeziumVersionsTheBuildTestsAgainst() {
        assertThat(SERVICES.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + DeploymentFiles.pomProperty("kafka.version"));
        assertThat(SERVICES.path("connect").path("image").asText())
                .endsWith("debezium/connect:" + DeploymentFiles.pomProperty("debezium.version"));
    }

    @Test
    void appTalksToTheServicesOfTheStack() {
        JsonNode env = SERVICES.path("memstream").path("environment");
        JsonNode kafkaEnv = SERVICES.path("kafka").path("environment");
        assertThat(kafkaEnv.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains(env.path("MEMSTREAM_BOOTSTRAP_SERVERS").asText());
        assertThat(env.path("MEMSTREAM_SCHEMA_REGISTRY_URL").asText())
                .isEqualTo("http://schema-registry:" + containerPort(SERVICES.path("schema-registry").path("ports").get(0).asText()));
        assertThat(env.path("MEMSTREAM_STATE_DIR").asText()).startsWith("/var/lib/memstream/");
        assertThat(SERVICES.path("memstream").path("volumes").toString()).contains(":/var/lib/memstream");
        assertThat(SERVICES.path("connect").path("environment").path("BOOTSTRAP_SERVERS").asText())
                .isEqualTo(env.path("MEMSTREAM_BOOTSTRAP_SERVERS").asText());
    }

    @Test
    void connectGetsTheConverterFromTheBuildAndTheJobRegistersTheProjectsSinkConfig() {
        assertThat(SERVICES.path("connect").path("volumes").toString())
                .contains("./connectors/target/connect-plugin:/kafka/connect/");
        JsonNode job = SERVICES.path("connector-registration");
        assertThat(job.path("volumes").toString())
                .contains("./connectors/src/main/resources/memstream/memories-sink.json:" + job.path("environment").path("TEMPLATE").asText())
                .contains("./docker/connect/register-connector.sh:");
        assertThat(job.path("environment").path("MEMORIES_TOPIC").asText())
                .isEqualTo(new MemstreamConfig(Map.of()).topics().memories());
        assertThat(job.path("depends_on").has("memstream")).as("topics exist before the sink subscribes").isTrue();
    }

    @Test
    void registrationScriptFillsEveryPlaceholderOfTheSinkConfig() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", DeploymentFiles.ROOT.resolve("docker/connect/register-connector.sh").toString(), "--render");
        Map<String, String> env = builder.environment();
        env.put("TEMPLATE", DeploymentFiles.CONNECTOR_CONFIG.toString());
        env.put("MEMORIES_TOPIC", "enhanced-memories");
        env.put("JDBC_URL", "jdbc:postgresql://postgres:5432/memstream");
        env.put("JDBC_USER", "memstream");
        env.put("JDBC_PASSWORD", "p&ss|w\\rd\"x");
        env.put("SCHEMA_REGISTRY_URL", "http://schema-registry:8081");
        Process process = builder.start();
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        JsonNode config = DeploymentFiles.JSON.readTree(rendered);
        JsonNode template = DeploymentFiles.JSON.readTree(DeploymentFiles.CONNECTOR_CONFIG.toFile()).path("config");
        assertThat(rendered).doesNotContain("${");
        assertThat(config.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(() -> template.fieldNames());
        assertThat(config.path("connection.password").asText()).isEqualTo("p&ss|w\\rd\"x");
        assertThat(config.path("errors.deadletterqueue.topic.name").asText()).isEqualTo("enhanced-memories-dlq");
    }

    @Test
    void connectLetsTheSinkReadCommittedRecordsOnlyAndTheAppWatchesTheSink() {
        assertThat(SERVICES.path("connect").path("environment").path("CONNECT_CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY").asText())
                .as("the sink's consumer.override.isolation.level needs it").isEqualTo("All");
        assertThat(SERVICES.path("memstream").path("environment").path("MEMSTREAM_SINK_CONNECT_URL").asText())
                .isEqualTo("http://connect:" + containerPort(SERVICES.path("connect").path("ports").get(0).asText()));
    }

    @Test
    void registrationStaysAsTheSinksSupervisor() {
        JsonNode job = SERVICES.path("connector-registration");
        assertThat(job.path("entrypoint").toString()).contains("--supervise");
        assertThat(job.path("restart").asText()).isEqualTo("unless-stopped");
        assertThat(job.path("volumes").toString())
                .contains("./helm/memstream/files/supervise-connector.sh:/scripts/supervise-connector.sh");
    }

    @Test
    void alertRulesAndDashboardUseOnlyMetricsTheAppRecords() {
        assertThat(DeploymentFiles.unknownMetrics(DeploymentFiles.read(DeploymentFiles.ALERTS))).isEmpty();
        assertThat(DeploymentFiles.unknownMetrics(DeploymentFiles.read(DeploymentFiles.DASHBOARD))).isEmpty();
        JsonNode rules = DeploymentFiles.yaml(DeploymentFiles.ALERTS);
        List<String> withoutRunbook = new ArrayList<>();
        String runbook = DeploymentFiles.read(DeploymentFiles.ROOT.resolve("docs/operations.md")).toLowerCase(java.util.Locale.ROOT);
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String anchor = rule.path("annotations").path("runbook").asText();
                if (!anchor.startsWith("docs/operations.md#") || !runbook.contains("### " + anchor.substring(anchor.indexOf('#') + 1))) {
                    withoutRunbook.add(rule.path("alert").asText());
                }
                assertThat(rule.path("labels").path("severity").asText()).isIn("info", "warning", "critical");
            }
        }
        assertThat(withoutRunbook).as("alerts without a section in docs/operations.md").isEmpty();
    }

    @Test
    void metricsDocumentationListsEveryMetric() {
        String doc = DeploymentFiles.read(DeploymentFiles.ROOT.resolve("docs/metrics.md"));
        assertThat(DeploymentFiles.prometheusBaseNames()).allSatisfy(name -> assertThat(doc).contains(name));
    }
}
