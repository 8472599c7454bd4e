package io.memstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules (one file for Compose's Prometheus and the chart's PrometheusRule) as Prometheus reads them:
 * {@code promtool check rules}, and {@code promtool test rules} on docker/prometheus/alerts-test.yml, which must make
 * every rule fire at least once.
 */
class PrometheusAlertRulesTest {

    private static final Path RULE_TESTS = DeploymentFiles.ROOT.resolve("docker/prometheus/alerts-test.yml");

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        promtool("check", "rules", DeploymentFiles.ALERTS.toString());
    }

    @Test
    void everyRulePassesItsUnitTests() throws Exception {
        promtool("test", "rules", RULE_TESTS.toString());
    }

    @Test
    void everyRuleHasATestInWhichItFires() {
        Set<String> rules = new TreeSet<>();
        for (JsonNode group : DeploymentFiles.yaml(DeploymentFiles.ALERTS).path("groups")) {
            group.path("rules").forEach(rule -> rules.add(rule.path("alert").asText()));
        }
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : DeploymentFiles.yaml(RULE_TESTS).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.path("alertname").asText());
                }
            }
        }
        assertThat(rules).isNotEmpty();
        assertThat(firing).as("alerts with a test in which they fire").containsAll(rules);
    }

    private static void promtool(String... args) throws Exception {
        DeploymentFiles.requireTool("promtool", "apt-get install prometheus", "the alert rules were not checked");
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DeploymentFiles.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
    }
}
