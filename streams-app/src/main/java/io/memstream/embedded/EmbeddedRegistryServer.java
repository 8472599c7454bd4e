package io.memstream.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memstream.registry.RegistryException;
import io.memstream.registry.SubjectRegistry;
import io.memstream.serde.MockSchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an in-process registry scope over the Confluent Schema Registry REST API (the routes are in
 * {@link RegistryRoutes}, the rules in {@link SubjectRegistry}), so that processes outside the embedded JVM -- {@code
 * memstream produce}, Confluent's serializers, kafkajs' registry client -- share the schemas the embedded stack uses.
 * Every request gets a JSON answer: a refusal or a failure is Confluent's {@code {"error_code":..,"message":..}}.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {

    /** The content type of every answer, as Confluent's registry sends it. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final RegistryRoutes routes;

    private EmbeddedRegistryServer(SubjectRegistry registry, String bindAddress) throws IOException {
        this.routes = new RegistryRoutes(registry);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the registry of {@code mock://scope} on a free loopback port. */
    public static EmbeddedRegistryServer serve(String scope) {
        return serve(scope, "127.0.0.1");
    }

    /** Serves the registry of {@code mock://scope} on a free port of {@code bindAddress}. */
    public static EmbeddedRegistryServer serve(String scope, String bindAddress) {
        try {
            return new EmbeddedRegistryServer(MockSchemaRegistry.scope(scope).subjects(), bindAddress);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("cannot open a port for the embedded schema registry: " + e.getMessage(), e);
        }
    }

    /** The URL for clients on this machine (the loopback address when the server listens on every interface). */
    public String url() {
        java.net.InetAddress bound = server.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status;
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            RegistryRoutes.Answer answer = routes.route(exchange.getRequestMethod(),
                    segments(exchange.getRequestURI().getRawPath()), query(exchange.getRequestURI().getRawQuery()),
                    in.readAllBytes());
            status = answer.status();
            body = answer.body();
        } catch (RegistryException e) {
            status = e.error().httpStatus();
            body = error(e.error().errorCode(), e.getMessage());
        } catch (RegistryRoutes.NoRoute e) {
            status = e.status;
            body = error(e.status, e.getMessage());
        } catch (JsonProcessingException e) {
            status = 400;
            body = error(400, "the request body is not JSON: " + e.getOriginalMessage());
        } catch (Exception | StackOverflowError e) {
            LOG.warn("embedded schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            status = RegistryException.Error.STORE_ERROR.httpStatus();
            body = error(RegistryException.Error.STORE_ERROR.errorCode(), "Error in the embedded registry: " + e);
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    /** The decoded path segments: {@code /subjects/a%2Fb/versions} is {@code [subjects, a/b, versions]}. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    /** Percent-decoding only: a '+' in a path is a plus, not a space. */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
