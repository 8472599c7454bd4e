package io.memstream.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The two calls of Kafka Connect's REST API the sink watch needs: a connector's status, and a restart of what failed. */
final class ConnectRestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * {@code GET /connectors/<name>/status}; empty when Connect does not know the connector.
     *
     * @throws IOException when Connect cannot be reached or answers with an error
     */
    Optional<ConnectorState> status(String connector) throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(connector, "/status")).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Connect answered HTTP " + response.statusCode() + " for the status of " + connector);
        }
        return Optional.of(ConnectorState.parse(json.readValue(response.body(), JSON_OBJECT)));
    }

    /** {@code POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true}: the failed connector and tasks only. */
    void restartFailed(String connector) throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                uri(connector, "/restart?includeTasks=true&onlyFailed=true")).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Connect answered HTTP " + response.statusCode() + " to the restart of " + connector);
        }
    }

    private URI uri(String connector, String suffix) {
        return URI.create(baseUrl + "/connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8).replace("+", "%20")
                + suffix);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling Kafka Connect at " + baseUrl, e);
        }
    }
}
