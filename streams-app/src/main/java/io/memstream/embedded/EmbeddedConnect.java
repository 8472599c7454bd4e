package io.memstream.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.sink.ConnectorState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.storage.StringConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in distributed mode running inside this JVM, in group {@value #GROUP_ID}, with its REST API
 * (unauthenticated: whoever reaches it can run connectors) on a free port of 127.0.0.1 unless told otherwise. Connectors come from the classpath (the Debezium JDBC sink is on it) and are managed
 * through the REST API, as on any Connect cluster.
 *
 * <p>As in a worker process of its own, Connect exits the JVM if the worker's herder thread dies of an unexpected
 * error (the error is logged first).
 */
public final class EmbeddedConnect implements AutoCloseable {

    /** The Connect group; its configs, offsets and status live in topics named after it. */
    public static final String GROUP_ID = "memstream-connect";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConnect.class);

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final Connect<?> connect;
    private final URI restUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    private EmbeddedConnect(Connect<?> connect) {
        this.connect = connect;
        this.restUrl = connect.rest().advertisedUrl();
    }

    /** Starts a worker with its REST API on 127.0.0.1; see {@link #start(String, String)}. */
    public static EmbeddedConnect start(String bootstrapServers) {
        return start(bootstrapServers, "127.0.0.1");
    }

    /**
     * Starts a worker against the given Kafka cluster, its REST API on a free port of {@code bindAddress}, and returns
     * once it has joined its group and can take work.
     */
    public static EmbeddedConnect start(String bootstrapServers, String bindAddress) {
        long started = System.nanoTime();
        Connect<?> connect = startWorker(workerProperties(bootstrapServers, bindAddress));
        EmbeddedConnect worker = new EmbeddedConnect(connect);
        try {
            worker.awaitHealthy();
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        log.info("Kafka Connect worker started in {} ms, REST API at {}",
                (System.nanoTime() - started) / 1_000_000, worker.restUrl());
        return worker;
    }

    /** The base URL of the worker's REST API, e.g. {@code http://127.0.0.1:38211}. */
    public String restUrl() {
        String url = restUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Creates the connector, or replaces its configuration if it exists ({@code PUT /connectors/{name}/config}). */
    public void putConnector(String name, Map<String, String> config) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(connectorUri(name, "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(config))));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new EmbeddedRuntimeException("Connect rejected the configuration of connector " + name + " (HTTP "
                    + response.statusCode() + "): " + errorMessage(response));
        }
        log.info("Connector {} {}", name, response.statusCode() == 201 ? "created" : "reconfigured");
    }

    /** The connector's status as Connect reports it ({@code GET /connectors/{name}/status}). */
    public Map<String, Object> status(String name) {
        return findStatus(name).orElseThrow(() -> new EmbeddedRuntimeException("There is no connector named " + name
                + " on the Connect worker at " + restUrl()));
    }

    /**
     * Waits until the connector and every one of its tasks are RUNNING.
     *
     * @throws EmbeddedRuntimeException if the connector or a task FAILED (with Connect's stack trace), or on timeout
     */
    public void awaitConnectorRunning(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Map<String, Object>> status = Optional.empty();
        while (System.nanoTime() < deadline) {
            status = findStatus(name);
            if (status.isPresent()) {
                ConnectorState current = ConnectorState.parse(status.get());
                if (current.failed()) {
                    // Exception classes only: the trace can quote the failed statement with its values.
                    throw new EmbeddedRuntimeException("Connector " + name + " failed; fix the cause and PUT its "
                            + "configuration again or POST " + restUrl() + "/connectors/" + name
                            + "/restart?includeTasks=true. Connect reports " + current.failureSummary()
                            + "; GET " + restUrl() + "/connectors/" + name + "/status has the whole trace.");
                }
                if (current.running()) {
                    return;
                }
            }
            pause();
        }
        throw new EmbeddedRuntimeException("Connector " + name + " was not running after " + timeout.toSeconds()
                + " s; last status: " + status.map(Object::toString).orElse("(connector unknown to the worker)"));
    }

    /** Stops the worker: its connectors stop, their configurations stay in Kafka. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
        log.info("Kafka Connect worker stopped");
    }

    private static Map<String, String> workerProperties(String bootstrapServers, String bindAddress) {
        return Map.ofEntries(
                Map.entry("bootstrap.servers", bootstrapServers),
                Map.entry("group.id", GROUP_ID),
                Map.entry("config.storage.topic", GROUP_ID + "-configs"),
                Map.entry("offset.storage.topic", GROUP_ID + "-offsets"),
                Map.entry("status.storage.topic", GROUP_ID + "-status"),
                Map.entry("config.storage.replication.factor", "1"),
                Map.entry("offset.storage.replication.factor", "1"),
                Map.entry("status.storage.replication.factor", "1"),
                Map.entry("offset.storage.partitions", "1"),
                Map.entry("status.storage.partitions", "1"),
                Map.entry("key.converter", StringConverter.class.getName()),
                Map.entry("value.converter", StringConverter.class.getName()),
                Map.entry("listeners", "http://" + bindAddress + ":0"),
                // Every plugin the sink uses declares itself in a ServiceLoader manifest (Kafka's, Debezium's and
                // the connectors module's converter), so the worker need not scan the jar's 50,000 classes.
                Map.entry("plugin.discovery", "service_load"),
                // Kafka's default, stated because the sink depends on it: connectors may override their clients'
                // settings (the sink's consumer.override.isolation.level=read_committed).
                Map.entry("connector.client.config.override.policy", "All"),
                // The worker is alone in its group: when it restarts there is no one whose return is worth waiting
                // 5 minutes for before its connectors are assigned again.
                Map.entry("scheduled.rebalance.max.delay.ms", "0"));
    }

    /**
     * Connect's start-up swaps the calling thread's context class loader for its plugin loader and leaves it there;
     * the caller's thread gets its own back.
     */
    private static Connect<?> startWorker(Map<String, String> properties) {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        try {
            return new ConnectDistributed().startConnect(properties);
        } catch (RuntimeException e) {
            throw new EmbeddedRuntimeException("The embedded Kafka Connect worker did not start: " + e.getMessage()
                    + ". Check that Kafka is reachable at " + properties.get("bootstrap.servers") + ".", e);
        } finally {
            Thread.currentThread().setContextClassLoader(callerLoader);
        }
    }

    /** The worker answers /health with 200 once it has read its internal topics and joined the group. */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpResponse<String> response = null;
        while (System.nanoTime() < deadline) {
            response = send(HttpRequest.newBuilder(restUrl.resolve("/health")).GET());
            if (response.statusCode() == 200) {
                return;
            }
            pause();
        }
        throw new EmbeddedRuntimeException("The embedded Kafka Connect worker was not ready after "
                + STARTUP_TIMEOUT.toSeconds() + " s: " + (response == null ? "no answer" : errorMessage(response))
                + ". Its log lines above say why.");
    }

    private Optional<Map<String, Object>> findStatus(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(connectorUri(name, "/status")).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new EmbeddedRuntimeException("Connect could not report the status of connector " + name + " (HTTP "
                    + response.statusCode() + "): " + errorMessage(response));
        }
        return Optional.of(fromJson(response.body()));
    }

    private URI connectorUri(String name, String suffix) {
        return restUrl.resolve("/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                + suffix);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("The Connect worker did not answer " + built.method() + " "
                    + built.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("Interrupted while calling the Connect worker", e);
        }
    }

    /** Connect's errors are {"error_code": ..., "message": ...}; the message is what a person needs to read. */
    private String errorMessage(HttpResponse<String> response) {
        try {
            Object message = fromJson(response.body()).get("message");
            return message != null ? message.toString() : response.body();
        } catch (EmbeddedRuntimeException notJson) {
            return response.body();
        }
    }

    private String toJson(Map<String, String> config) {
        try {
            return json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A map of strings is always valid JSON", e);
        }
    }

    private Map<String, Object> fromJson(String body) {
        try {
            return json.readValue(body, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new EmbeddedRuntimeException("Connect answered with something that is not a JSON object: " + body, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("Interrupted while waiting for the Connect worker", e);
        }
    }
}
