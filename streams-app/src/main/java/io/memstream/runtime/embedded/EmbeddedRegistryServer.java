package io.memstream.runtime.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memstream.serde.MockSchemaRegistry;
import io.memstream.serde.WireFormatException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Serves an in-process registry scope over the two Confluent Schema Registry endpoints memstream's clients
 * use ({@code POST /subjects/{subject}/versions}, {@code GET /schemas/ids/{id}}), so that processes outside
 * the embedded JVM (e.g. {@code memstream produce}) share the schemas the embedded stack uses.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final MockSchemaRegistry registry;

    private EmbeddedRegistryServer(MockSchemaRegistry registry, String bindAddress) throws IOException {
        this.registry = registry;
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
            return new EmbeddedRegistryServer(MockSchemaRegistry.scope(scope), bindAddress);
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
        String path = exchange.getRequestURI().getPath();
        int status = 200;
        String body;
        try {
            if (exchange.getRequestMethod().equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                Schema schema = new Schema.Parser().parse(request.path("schema").asText());
                String subject = path.substring("/subjects/".length(), path.length() - "/versions".length());
                body = "{\"id\":" + registry.register(subject, schema) + "}";
            } else if (exchange.getRequestMethod().equals("GET") && path.matches("/schemas/ids/\\d+")) {
                Schema schema = registry.schemaById(Integer.parseInt(path.substring("/schemas/ids/".length())));
                body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            } else {
                status = 404;
                body = "{\"error_code\":404,\"message\":\"the embedded registry serves only POST /subjects/{subject}/versions and GET /schemas/ids/{id}\"}";
            }
        } catch (WireFormatException e) {
            status = 404;
            body = JSON.createObjectNode().put("error_code", 40403).put("message", e.getMessage()).toString();
        } catch (SchemaParseException | IOException e) {
            status = 422;
            body = JSON.createObjectNode().put("error_code", 42201).put("message", String.valueOf(e.getMessage())).toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
