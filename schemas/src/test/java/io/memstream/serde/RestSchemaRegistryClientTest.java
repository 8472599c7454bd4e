package io.memstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memstream.schemas.ChatMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local HTTP server that speaks the two Schema Registry endpoints the client uses. */
class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;

    @BeforeEach
    void startRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopRegistry() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (failing) {
            status = 500;
            body = "{\"error_code\":50001,\"message\":\"store unavailable\"}";
        } else if (path.startsWith("/subjects/incompatible-value/")) {
            status = 409;
            body = "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}";
        } else if (exchange.getRequestMethod().equals("POST") && path.matches("/subjects/[^/]+/versions")) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            int id = nextId.getAndIncrement();
            schemas.put(id, request.path("schema").asText());
            status = 200;
            body = "{\"id\":" + id + "}";
        } else if (path.startsWith("/schemas/ids/")) {
            String schema = schemas.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
            status = schema == null ? 404 : 200;
            body = schema == null ? "{\"error_code\":40403,\"message\":\"Schema not found\"}"
                    : JSON.createObjectNode().put("schema", schema).toString();
        } else {
            status = 404;
            body = "{}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void registersThenFetchesBySchemaIdOverHttp() {
        SchemaRegistryClient writer = SchemaRegistries.forUrl(url(), null);
        int id = writer.register("chat-messages-value", ChatMessage.getClassSchema());

        SchemaRegistryClient reader = SchemaRegistries.forUrl(url(), null);
        assertThat(reader.schemaById(id)).isEqualTo(ChatMessage.getClassSchema());
    }

    @Test
    void cachesRegistrationsAndLookups() {
        SchemaRegistryClient client = SchemaRegistries.forUrl(url(), null);
        int id = client.register("s-value", ChatMessage.getClassSchema());
        client.register("s-value", ChatMessage.getClassSchema());
        client.schemaById(id);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void reportsAnUnknownIdAsUnknownSchemaId() {
        SchemaRegistryClient client = SchemaRegistries.forUrl(url(), null);
        assertThatThrownBy(() -> client.schemaById(77))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID));
    }

    @Test
    void reportsServerErrorsAsRegistryUnavailable() {
        failing = true;
        SchemaRegistryClient client = SchemaRegistries.forUrl(url(), null);
        assertThatThrownBy(() -> client.register("s-value", ChatMessage.getClassSchema()))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.REGISTRY_UNAVAILABLE))
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void reportsARefusedSchemaAsSchemaRejectedWithoutTryingOtherUrls() {
        SchemaRegistryClient client = SchemaRegistries.forUrl(url() + "," + url(), null);
        assertThatThrownBy(() -> client.register("incompatible-value", ChatMessage.getClassSchema()))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.SCHEMA_REJECTED))
                .hasMessageContaining("incompatible");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void triesTheNextUrlWhenOneIsDown() {
        SchemaRegistryClient client = SchemaRegistries.forUrl("http://127.0.0.1:1," + url(), null);
        assertThat(client.register("s-value", ChatMessage.getClassSchema())).isPositive();
    }

    @Test
    void sendsBasicAuthWhenConfigured() {
        SchemaRegistries.forUrl(url(), "alice:secret").register("s-value", ChatMessage.getClassSchema());
        assertThat(authorizations).containsExactly("Basic YWxpY2U6c2VjcmV0");
    }
}
