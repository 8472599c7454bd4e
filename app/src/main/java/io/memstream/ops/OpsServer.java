package io.memstream.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one small HTTP server of an instance: {@code GET /metrics} (Prometheus text format) and the health endpoints
 * {@code /health} (liveness), {@code /health/ready} (readiness), {@code /health/processor}, {@code /health/llm},
 * {@code /health/memory}, {@code /health/sink}, each a JSON object with {@code status} first. UP and DEGRADED answer 200, DOWN 503, so
 * that Kubernetes probes and load balancers read the code and people read the body.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ScheduledExecutorService sampler;

    private OpsServer(HttpServer server, ScheduledExecutorService sampler) {
        this.server = server;
        this.sampler = sampler;
    }

    /**
     * Serves {@code metrics} and {@code health} on {@code bindAddress:port} (port 0 = any free port).
     *
     * @throws UncheckedIOException if the port cannot be bound, with the address in the message
     */
    public static OpsServer start(String bindAddress, int port, OpsMetrics metrics, HealthReports health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics and health on " + bindAddress + ":" + port + " ("
                    + e.getMessage() + "): set ops.port (MEMSTREAM_OPS_PORT) to a free port, 0 for any", e);
        }
        server.createContext("/metrics", exchange -> {
            if (allowGet(exchange)) {
                send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
            }
        });
        route(server, "/health/ready", health::readiness);
        route(server, "/health/processor", health::processor);
        route(server, "/health/llm", health::llm);
        route(server, "/health/memory", health::memory);
        route(server, "/health/sink", health::sink);
        route(server, "/health", health::liveness);
        server.setExecutor(Executors.newFixedThreadPool(2, daemon("memstream-ops-http")));
        server.start();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("memstream-ops-sampler"));
        long every = OpsMetrics.SAMPLE_INTERVAL.toMillis();
        sampler.scheduleAtFixedRate(metrics.activity()::sample, 0, every, TimeUnit.MILLISECONDS);
        OpsServer ops = new OpsServer(server, sampler);
        LOG.info("metrics and health served on {}", ops.url());
        return ops;
    }

    private static void route(HttpServer server, String path, Supplier<Health> report) {
        server.createContext(path, exchange -> {
            if (!allowGet(exchange)) {
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, 404, "application/json", "{\"error\":\"no such endpoint; see /health, /health/ready, "
                        + "/health/processor, /health/llm, /health/memory, /health/sink, /metrics\"}");
                return;
            }
            Health health;
            try {
                health = report.get();
            } catch (RuntimeException e) {
                LOG.warn("health report {} failed", path, e);
                health = new Health(Health.Status.DOWN, Map.of("error", String.valueOf(e.getMessage())));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", health.status().name());
            body.putAll(health.details());
            send(exchange, health.status() == Health.Status.DOWN ? 503 : 200, "application/json",
                    JSON.writeValueAsString(body));
        });
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        send(exchange, 405, "application/json", "{\"error\":\"only GET\"}");
        return false;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The port actually listened on (the chosen one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The exact address and port listened on, e.g. {@code 127.0.0.1:8080}, {@code 0.0.0.0:8080} for every interface. */
    public String listenAddress() {
        return server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** Base URL for a client on this machine, e.g. {@code http://localhost:8080}. */
    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "localhost"
                : server.getAddress().getAddress().getHostAddress();
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
