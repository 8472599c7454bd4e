package io.memstream.deploy;

import static io.memstream.deploy.DeploymentFiles.CHART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.memstream.app.ConfigLoader;
import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm lint and helm template of helm/memstream (Helm's own code, through helm-java), then the rendered manifests. */
class HelmChartTest {

    private static final Path PRODUCTION = CHART.resolve("ci/production-values.yaml");

    @TempDir
    Path tmp;

    private static List<JsonNode> render(Path valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(CHART).template().withName("memstream").withNamespace("streams")
                .withKubeVersion("1.30.0");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return DeploymentFiles.documents(template.call());
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode single(List<JsonNode> docs, String kind) {
        List<JsonNode> found = ofKind(docs, kind);
        assertThat(found).as("%s resources", kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode container(List<JsonNode> docs) {
        return single(docs, "StatefulSet").path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static List<String> names(Iterator<String> it) {
        List<String> names = new ArrayList<>();
        it.forEachRemaining(names::add);
        return names;
    }

    /** Every MEMSTREAM_* variable the pods get: ConfigMap data and container env. */
    private static List<String> memstreamVariables(List<JsonNode> docs) {
        List<String> vars = new ArrayList<>();
        for (JsonNode cm : ofKind(docs, "ConfigMap")) {
            names(cm.path("data").fieldNames()).stream().filter(n -> n.startsWith("MEMSTREAM_")).forEach(vars::add);
        }
        for (JsonNode env : container(docs).path("env")) {
            if (env.path("name").asText().startsWith("MEMSTREAM_")) {
                vars.add(env.path("name").asText());
            }
        }
        return vars;
    }

    @Test
    void chartPassesStrictLint() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderAStatefulSetWithStateVolumesStaticMembershipProbesAndGracefulShutdown() {
        List<JsonNode> docs = render(null, Map.of());
        JsonNode sts = single(docs, "StatefulSet");
        JsonNode pod = sts.path("spec").path("template").path("spec");
        JsonNode container = container(docs);
        JsonNode headless = single(docs, "Service");

        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(sts.path("spec").path("serviceName").asText()).isEqualTo(headless.path("metadata").path("name").asText());
        assertThat(sts.path("spec").path("replicas").asInt()).isEqualTo(2);

        JsonNode env = container.path("env");
        JsonNode instanceId = StreamSupport.stream(env.spliterator(), false)
                .filter(e -> e.path("name").asText().equals("MEMSTREAM_GROUP_INSTANCE_ID")).findFirst().orElseThrow();
        assertThat(instanceId.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
        // The app reads that variable as Kafka's group.instance.id, and with it stays in the group on SIGTERM, so that
        // a rolling restart within session.timeout.ms moves no partitions.
        assertThat(io.memstream.app.ConfigLoader.keyOf("MEMSTREAM_GROUP_INSTANCE_ID")).isEqualTo(MemstreamConfig.GROUP_INSTANCE_ID);
        assertThat(new MemstreamConfig(Map.of(MemstreamConfig.GROUP_INSTANCE_ID, "memstream-0")).shutdown().leavesGroup()).isFalse();
        String stateDir = StreamSupport.stream(env.spliterator(), false)
                .filter(e -> e.path("name").asText().equals("MEMSTREAM_STATE_DIR")).findFirst().orElseThrow().path("value").asText();
        String stateMount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> m.path("name").asText().equals("state")).findFirst().orElseThrow().path("mountPath").asText();
        assertThat(stateDir).startsWith(stateMount + "/");
        assertThat(sts.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("state");

        JsonNode configMap = ofKind(docs, "ConfigMap").stream()
                .filter(cm -> cm.path("data").has("MEMSTREAM_BOOTSTRAP_SERVERS")).findFirst().orElseThrow();
        assertThat(configMap.path("data").path("MEMSTREAM_NUM_STANDBY_REPLICAS").asInt()).isPositive();

        int opsPort = (Integer) MemstreamConfig.DEFINITION.defaultValues().get(MemstreamConfig.OPS_PORT);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(opsPort);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        // MemstreamApp.close() waits up to 30 s for Kafka Streams; Kubernetes must not SIGKILL before.
        assertThat(pod.path("terminationGracePeriodSeconds").asInt())
                .isGreaterThan((int) io.memstream.app.MemstreamApp.CLOSE_TIMEOUT.toSeconds());

        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.path("securityContext").path("capabilities").path("drop").toString()).contains("ALL");
        assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();

        assertThat(single(docs, "PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(ofKind(docs, "ServiceMonitor")).isEmpty();
        assertThat(ofKind(docs, "PrometheusRule")).isEmpty();
        assertThat(ofKind(docs, "NetworkPolicy")).isEmpty();
        assertThat(ofKind(docs, "KafkaConnector")).isEmpty();
        assertThat(ofKind(docs, "Secret")).as("the chart never holds secret values").isEmpty();
    }

    @Test
    void everyMemstreamVariableNamesARealSettingWithDefaultAndProductionValues() {
        for (List<JsonNode> docs : List.of(render(null, Map.of()), render(PRODUCTION, Map.of()))) {
            assertThat(memstreamVariables(docs)).isNotEmpty()
                    .allSatisfy(name -> assertThat(DeploymentFiles.isConfigKey(name)).as("%s maps to a setting", name).isTrue());
        }
    }

    @Test
    void withoutStrimziAHookJobPutsTheProjectsSinkConfigAndReadsCredentialsFromASecret() throws Exception {
        // helm template (as helm-java runs it) leaves hooks out: by default the job is a hook, so it is not there ...
        assertThat(ofKind(render(null, Map.of()), "Job")).isEmpty();
        assertThat(DeploymentFiles.read(CHART.resolve("templates/connector-job.yaml")))
                .contains("helm.sh/hook: post-install,post-upgrade");
        // ... and rendered as a plain Job, the same job can be read.
        List<JsonNode> docs = render(null, Map.of("connector.helmHook", false));
        JsonNode job = single(docs, "Job");
        assertThat(job.path("metadata").path("name").asText()).isEqualTo("memstream-register-connector-r1");
        JsonNode jobContainer = job.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(jobContainer.path("env").toString()).contains("secretKeyRef").contains("memstream-postgres");
        assertThat(jobContainer.path("args").get(0).asText()).contains("/connectors/memories-sink/config").contains("-X PUT");

        JsonNode connectorConfigMap = ofKind(docs, "ConfigMap").stream()
                .filter(cm -> cm.path("data").has("memories-sink.json")).findFirst().orElseThrow();
        JsonNode rendered = DeploymentFiles.JSON.readTree(connectorConfigMap.path("data").path("memories-sink.json").asText());
        JsonNode project = DeploymentFiles.JSON.readTree(DeploymentFiles.CONNECTOR_CONFIG.toFile()).path("config");
        assertThat(names(rendered.fieldNames())).containsExactlyInAnyOrderElementsOf(names(project.fieldNames()));
        for (String key : names(project.fieldNames())) {
            String value = project.path(key).asText();
            if (!value.contains("${")) {
                assertThat(rendered.path(key).asText()).as(key).isEqualTo(value);
            }
        }
        assertThat(rendered.path("connection.password").asText()).isEqualTo("__JDBC_PASSWORD__");
    }

    @Test
    void withoutStrimziASupervisorRestartsAFailedSinkAndTheAppWatchesIt() throws Exception {
        List<JsonNode> docs = render(null, Map.of());

        JsonNode supervisor = ofKind(docs, "Deployment").stream()
                .filter(d -> d.path("metadata").path("name").asText().equals("memstream-connector-supervisor"))
                .findFirst().orElseThrow();
        JsonNode pod = supervisor.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertThat(container.path("command").toString()).contains("/scripts/supervise-connector.sh");
        assertThat(container.path("env").toString()).contains("http://kafka-connect:8083").contains("memories-sink");
        JsonNode scripts = ofKind(docs, "ConfigMap").stream()
                .filter(cm -> cm.path("data").has("supervise-connector.sh")).findFirst().orElseThrow();
        assertThat(scripts.path("data").path("supervise-connector.sh").asText())
                .isEqualTo(DeploymentFiles.read(CHART.resolve("files/supervise-connector.sh")).stripTrailing());
        // The app's Services, PDB and StatefulSet select by these labels: the supervisor pod must not match them.
        JsonNode appSelector = single(docs, "StatefulSet").path("spec").path("selector").path("matchLabels");
        JsonNode supervisorLabels = pod.path("metadata").path("labels");
        assertThat(names(appSelector.fieldNames()).stream()
                .allMatch(label -> appSelector.path(label).equals(supervisorLabels.path(label)))).isFalse();

        JsonNode appConfig = ofKind(docs, "ConfigMap").stream()
                .filter(cm -> cm.path("data").has("MEMSTREAM_BOOTSTRAP_SERVERS")).findFirst().orElseThrow();
        assertThat(appConfig.path("data").path("MEMSTREAM_SINK_CONNECT_URL").asText()).isEqualTo("http://kafka-connect:8083");
        assertThat(ofKind(render(null, Map.of("connector.supervisor.enabled", false)), "Deployment")).isEmpty();
    }

    @Test
    void productionValuesAddMonitoringNetworkPolicyAndAStrimziConnectorWithoutSecretValues() throws Exception {
        List<JsonNode> docs = render(PRODUCTION, Map.of());

        assertThat(single(docs, "StatefulSet").path("spec").path("replicas").asInt()).isEqualTo(3);
        JsonNode monitor = single(docs, "ServiceMonitor");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("http");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");

        JsonNode rule = single(docs, "PrometheusRule");
        assertThat(rule.path("spec")).isEqualTo(DeploymentFiles.yaml(DeploymentFiles.ALERTS));

        JsonNode policy = single(docs, "NetworkPolicy");
        assertThat(policy.path("spec").path("ingress").get(0).path("ports").get(0).path("port").asText()).isEqualTo("http");
        assertThat(policy.path("spec").path("ingress").get(0).path("from").toString()).contains("monitoring");

        JsonNode connector = single(docs, "KafkaConnector");
        assertThat(connector.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("connect");
        assertThat(connector.path("spec").path("config").path("connection.password").asText()).startsWith("${secrets:");
        assertThat(connector.path("spec").path("config").path("value.converter").asText()).isEqualTo("io.memstream.connect.AvroWireFormatConverter");
        assertThat(connector.path("spec").path("config").path("consumer.override.isolation.level").asText()).isEqualTo("read_committed");
        assertThat(connector.path("spec").path("autoRestart").path("enabled").asBoolean())
                .as("Strimzi restarts the FAILED sink task").isTrue();
        assertThat(connector.path("spec").path("autoRestart").has("maxRestarts")).as("no limit by default").isFalse();
        assertThat(ofKind(docs, "Job")).isEmpty();
        assertThat(ofKind(docs, "Deployment")).as("Strimzi's autoRestart supervises the sink").isEmpty();

        JsonNode container = container(docs);
        assertThat(container.path("env").toString()).contains("MEMSTREAM_SASL_JAAS_CONFIG").contains("secretKeyRef");
        assertThat(container.path("envFrom").toString()).contains("memstream-llm-keys");
        assertThat(single(docs, "StatefulSet").path("spec").path("template").path("spec").path("affinity")
                .path("podAntiAffinity").has("requiredDuringSchedulingIgnoredDuringExecution")).isTrue();
        assertThat(ofKind(docs, "ConfigMap").stream().anyMatch(cm -> cm.path("data").has("memstream.json")))
                .as("Grafana dashboard ConfigMap").isTrue();
        assertThat(ofKind(docs, "Secret")).isEmpty();
    }

    @Test
    void schemaRejectsTyposSecretsInConfigAndTooShortGracePeriods() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), "replicaCont: 3\n");
        assertThatThrownBy(() -> render(typo, Map.of())).hasMessageContaining("replicaCont");
        Path secret = Files.writeString(tmp.resolve("secret.yaml"), "config:\n  bootstrap.servers: k:9092\n"
                + "  schema.registry.url: http://r:8081\n  sasl.jaas.config: org.apache.kafka...password=\"x\";\n");
        assertThatThrownBy(() -> render(secret, Map.of())).hasMessageContaining("sasl.jaas.config");
        assertThatThrownBy(() -> render(null, Map.of("terminationGracePeriodSeconds", 10)))
                .hasMessageContaining("terminationGracePeriodSeconds");
        Path leave = Files.writeString(tmp.resolve("leave.yaml"), "config:\n  bootstrap.servers: k:9092\n"
                + "  schema.registry.url: http://r:8081\n  shutdown.leave.group: sometimes\n");
        assertThatThrownBy(() -> render(leave, Map.of())).hasMessageContaining("shutdown.leave.group");
    }
}
