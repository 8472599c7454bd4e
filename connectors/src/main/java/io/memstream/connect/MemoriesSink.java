package io.memstream.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL end of the pipeline: the Debezium JDBC sink connector that writes the
 * enhanced-memories topic into the table {@code memories}, and that table's DDL. Both live on the
 * classpath ({@value #TEMPLATE_RESOURCE}, {@value #DDL_RESOURCE}) so that the embedded runtime,
 * the CLI and a hand-run {@code curl} against a Connect cluster all use the same files.
 *
 * <p>Settings of the template worth knowing:
 * <ul>
 *   <li>{@code HoistField$Key} wraps the string key into a struct {@code {memory_id}}: Debezium 3.5
 *       casts a {@code record_key} key to a struct and fails on a primitive key.</li>
 *   <li>{@code schema.evolution=none}: the DDL owns the table; a field without a column stops the task.</li>
 *   <li>{@code errors.tolerance=all} with a dead-letter topic {@code <topic>-dlq}: records the converter
 *       cannot read go there with the reason in {@code __connect.errors.*} headers; an unreachable
 *       registry is retried for {@code errors.retry.timeout} first.</li>
 *   <li>{@code use.time.zone=UTC}, stated explicitly: Debezium binds the converter's zoned timestamps with
 *       an offset in this zone, so the stored instants depend neither on it nor on the worker's or the
 *       database's zone.</li>
 *   <li>{@code consumer.override.isolation.level=read_committed}: the app writes enhanced-memories in
 *       exactly_once_v2 transactions; a read_uncommitted sink would also write records of aborted ones. The
 *       worker must allow the override ({@code connector.client.config.override.policy=All}, Kafka's default).</li>
 *   <li>{@code hibernate.connection.logServerErrorDetail=false} (a PostgreSQL driver property, passed on by
 *       Hibernate): a failed batch is then reported as {@code Batch entry 0 <unknown> was aborted} instead of
 *       quoting the statement with the memory's values, so Connect's REST status and logs carry no user content.</li>
 * </ul>
 */
public final class MemoriesSink {

    /** Classpath location of the connector template, {"name": ..., "config": {...}} with ${...} placeholders. */
    public static final String TEMPLATE_RESOURCE = "memstream/memories-sink.json";
    /** Classpath location of the memories DDL. */
    public static final String DDL_RESOURCE = "memstream/memories.sql";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private MemoriesSink() {
    }

    /**
     * The environment-specific values of the template's placeholders.
     *
     * @param topic                the topic to sink, {@code ${topic}}; its dead-letter topic is {@code <topic>-dlq}
     * @param jdbcUrl              {@code jdbc:postgresql://...} of the database holding {@code memories}
     * @param user                 database user
     * @param password             its password; may be empty when the server does not ask for one
     * @param registryUrl          schema registry URL(s), or {@code mock://<scope>} when the worker shares the JVM
     * @param dlqReplicationFactor replication factor of the dead-letter topic, or -1 for the broker's default
     */
    public record Settings(String topic, String jdbcUrl, String user, String password, String registryUrl,
                           int dlqReplicationFactor) {

        public Settings {
            if (dlqReplicationFactor < 1 && dlqReplicationFactor != -1) {
                throw new IllegalArgumentException("dlqReplicationFactor must be at least 1, or -1 for the broker's default: "
                        + dlqReplicationFactor);
            }
        }

        private Map<String, String> placeholderValues() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("topic", blankAsMissing(topic));
            values.put("jdbc.url", blankAsMissing(jdbcUrl));
            values.put("jdbc.user", blankAsMissing(user));
            values.put("jdbc.password", password);
            values.put("schema.registry.url", blankAsMissing(registryUrl));
            values.put("dlq.replication.factor", Integer.toString(dlqReplicationFactor));
            return values;
        }

        private static String blankAsMissing(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** The connector's name, as the template gives it. */
    public static String connectorName() {
        return template().path("name").asText();
    }

    /**
     * The connector configuration with every placeholder replaced by its value from {@code settings}.
     * Values are inserted verbatim, so they may themselves hold Connect config-provider references.
     *
     * @throws IllegalArgumentException naming every placeholder that has no value
     */
    public static Map<String, String> connectorConfig(Settings settings) {
        Map<String, String> values = settings.placeholderValues();
        Map<String, String> config = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        template().path("config").properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new IllegalStateException(TEMPLATE_RESOURCE + ": " + entry.getKey() + " must be a JSON string");
            }
            config.put(entry.getKey(), substitute(entry.getValue().asText(), values, missing));
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for " + String.join(", ", missing) + " in " + TEMPLATE_RESOURCE
                    + ": give them in MemoriesSink.Settings");
        }
        return config;
    }

    /** The DDL of the {@code memories} table and its indexes; idempotent. */
    public static String ddl() {
        return new String(readResource(DDL_RESOURCE), StandardCharsets.UTF_8);
    }

    /** Creates the {@code memories} table and its indexes unless they exist, in one transaction. */
    public static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl());
        }
    }

    private static String substitute(String template, Map<String, String> values, List<String> missing) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                if (!missing.contains(matcher.group())) {
                    missing.add(matcher.group());
                }
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static JsonNode template() {
        try {
            return new ObjectMapper().readTree(readResource(TEMPLATE_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + TEMPLATE_RESOURCE, e);
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = MemoriesSink.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath of " + MemoriesSink.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
