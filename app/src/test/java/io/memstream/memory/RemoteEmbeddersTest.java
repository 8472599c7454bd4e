package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.memstream.config.MemstreamConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible and Ollama embedders against a local server speaking their wire formats. */
class RemoteEmbeddersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, "{\"object\":\"list\",\"model\":\"" + request.path("model").asText() + "\",\"data\":["
                    + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[3.0,0.0,4.0]}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"total_tokens\":5}}");
        });
        server.createContext("/api/embed", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody()));
            respond(exchange, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.0,2.0,0.0]]}");
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void openAiCompatibleEndpointGivesAUnitVectorAndGetsTheModelAndKey() {
        Embedder embedder = Embedders.fromConfig(new MemstreamConfig(Map.of(
                MemstreamConfig.MEMORY_EMBEDDING_PROVIDER, "openai",
                MemstreamConfig.MEMORY_EMBEDDING_BASE_URL, baseUrl() + "/v1",
                MemstreamConfig.MEMORY_EMBEDDING_MODEL, "text-embedding-3-small",
                MemstreamConfig.MEMORY_EMBEDDING_API_KEY, "sk-test")).memory().embedding(), new SimpleMeterRegistry());

        assertThat(embedder.embed("I live in Paris.")).containsExactly(0.6f, 0.0f, 0.8f);
        assertThat(embedder.name()).isEqualTo("openai/text-embedding-3-small");
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.path("model").asText()).isEqualTo("text-embedding-3-small");
            assertThat(r.path("input").toString()).contains("I live in Paris.");
        });
        assertThat(authorizations).containsExactly("Bearer sk-test");
    }

    @Test
    void ollamaEndpointGivesAUnitVector() {
        Embedder embedder = Embedders.fromConfig(new MemstreamConfig(Map.of(
                MemstreamConfig.MEMORY_EMBEDDING_PROVIDER, "ollama",
                MemstreamConfig.MEMORY_EMBEDDING_BASE_URL, baseUrl(),
                MemstreamConfig.MEMORY_EMBEDDING_MODEL, "nomic-embed-text")).memory().embedding(), new SimpleMeterRegistry());

        assertThat(embedder.embed("I live in Paris.")).containsExactly(0.0f, 1.0f, 0.0f);
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.path("model").asText()).isEqualTo("nomic-embed-text"));
    }
}
