package io.memstream.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the two calls of Kafka Connect's REST API a sink supervisor makes: {@code GET .../status} answers what
 * the test sets (given the restarts so far), {@code POST .../restart} is recorded and accepted.
 */
public final class FakeConnectRest implements AutoCloseable {

    private final HttpServer server;
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private volatile Function<List<String>, String> status = restarts -> statusJson("RUNNING", "RUNNING", null);

    public FakeConnectRest(String connector) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/connectors/" + connector + "/status", exchange -> reply(exchange, 200, status.apply(restarts)));
        server.createContext("/connectors/" + connector + "/restart", exchange -> {
            restarts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            reply(exchange, 202, "");
        });
        server.start();
    }

    /** A status answer of one connector with one task, with Connect's trace if given. */
    public static String statusJson(String connectorState, String taskState, String trace) {
        return "{\"connector\":{\"state\":\"" + connectorState + "\",\"worker_id\":\"w:8083\"},"
                + "\"tasks\":[{\"id\":0,\"state\":\"" + taskState + "\",\"worker_id\":\"w:8083\""
                + (trace == null ? "" : ",\"trace\":\"" + trace + "\"") + "}],\"type\":\"sink\"}";
    }

    public void answer(String json) {
        status = restarts -> json;
    }

    /** Answers depending on the restarts recorded so far. */
    public void answer(Function<List<String>, String> json) {
        status = json;
    }

    /** The restart requests so far, e.g. {@code POST /connectors/x/restart?includeTasks=true&onlyFailed=true}. */
    public List<String> restarts() {
        return restarts;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
