package io.memstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.memstream.app.ConfigLoader;
import io.memstream.config.MemstreamConfig;
import io.memstream.ops.MetricNames;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Assumptions;

/** The repository's deployment files and the facts about the app they must agree with. */
final class DeploymentFiles {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path CHART = ROOT.resolve("helm/memstream");
    static final Path ALERTS = CHART.resolve("files/prometheus-alerts.yml");
    static final Path DASHBOARD = CHART.resolve("files/grafana-dashboard.json");
    static final Path CONNECTOR_CONFIG = ROOT.resolve("connectors/src/main/resources/memstream/memories-sink.json");
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MEMSTREAM_METRIC = Pattern.compile("\\bmemstream_[a-z0-9_]+");
    private static final List<String> PROMETHEUS_SUFFIXES = List.of("", "_total", "_seconds", "_seconds_bucket",
            "_seconds_count", "_seconds_sum", "_seconds_max", "_bucket", "_count", "_sum", "_max");

    private DeploymentFiles() {
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a multi-document YAML text (helm template output), empty ones dropped. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /**
     * Makes sure {@code binary} is on the PATH: without it, CI (CI=true) fails and a developer's machine skips the test
     * with the reason, so that a missing tool never passes for a checked file.
     */
    static void requireTool(String binary, String install, String consequence) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, binary).canExecute()) {
                return;
            }
        }
        String why = binary + " is not installed (" + install + "): " + consequence;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why);
        }
        System.out.println("skipped: " + why);
        Assumptions.abort(why);
    }

    /** A pom property of the parent POM, e.g. kafka.version. */
    static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
                .matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("no <" + name + "> in pom.xml");
        }
        return m.group(1).trim();
    }

    /** True when the variable names a setting: memstream's own, or one Kafka Streams or its clients take. */
    static boolean isConfigKey(String envName) {
        String key = ConfigLoader.keyOf(envName);
        return MemstreamConfig.DEFINITION.names().contains(key)
                || StreamsConfig.configDef().names().contains(key)
                || ConsumerConfig.configNames().contains(key)
                || ProducerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key);
    }

    /** memstream_* names in a text that no meter in MetricNames renders to. */
    static Set<String> unknownMetrics(String text) {
        Set<String> known = new TreeSet<>();
        for (String base : prometheusBaseNames()) {
            for (String suffix : PROMETHEUS_SUFFIXES) {
                known.add(base + suffix);
            }
        }
        Set<String> unknown = new TreeSet<>();
        Matcher m = MEMSTREAM_METRIC.matcher(text);
        while (m.find()) {
            if (!known.contains(m.group())) {
                unknown.add(m.group());
            }
        }
        return unknown;
    }

    /** The Prometheus base name of every meter in MetricNames: dots become underscores. */
    static Set<String> prometheusBaseNames() {
        Set<String> names = new TreeSet<>();
        for (Field field : MetricNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (value.startsWith("memstream.")) {
                        names.add(value.replace('.', '_'));
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
