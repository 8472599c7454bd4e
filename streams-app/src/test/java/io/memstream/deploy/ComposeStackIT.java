package io.memstream.deploy;

import static io.memstream.deploy.DeploymentFiles.COMPOSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.utility.DockerImageName;

/**
 * docker-compose.yml on a Docker engine: every image it names can be pulled, and {@code docker compose up --build}
 * (the local docker CLI, so that the Dockerfile builds with BuildKit) brings memstream to healthy and its sink to
 * RUNNING. The stack publishes fixed ports on 127.0.0.1 (9092, 8080, ...): nothing else may hold them.
 */
@DockerEngine("these tests pull the Compose stack's images and start it with docker compose")
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class ComposeStackIT {

    private static final JsonNode SERVICES = DeploymentFiles.yaml(COMPOSE).path("services");
    private static final Duration START = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyImageOfTheDefaultProfileResolves() {
        List<String> unresolved = new ArrayList<>();
        SERVICES.fields().forEachRemaining(service -> {
            JsonNode definition = service.getValue();
            // memstream is built from the Dockerfile; the ollama profile's image (gigabytes) is pulled only with it.
            if (definition.has("build") || definition.has("profiles")) {
                return;
            }
            String image = definition.path("image").asText();
            try {
                new RemoteDockerImage(DockerImageName.parse(image)).get();
            } catch (RuntimeException e) {
                unresolved.add(service.getKey() + " (" + image + "): " + e.getMessage());
            }
        });
        assertThat(unresolved).isEmpty();
    }

    @Test
    void theStackStartsWithMemstreamHealthyAndTheSinkRunning() throws Exception {
        try (ComposeContainer stack = new ComposeContainer(COMPOSE.toFile())
                .withLocalCompose(true)
                .withBuild(true)
                .withExposedService("memstream", 8080, Wait.forHealthcheck().withStartupTimeout(START))
                .withExposedService("connect", 8083, Wait.forHealthcheck().withStartupTimeout(START))) {
            stack.start();
            String memstream = "http://" + stack.getServiceHost("memstream", 8080) + ":" + stack.getServicePort("memstream", 8080);
            assertThat(get(memstream + "/health/ready").statusCode()).isEqualTo(200);

            // connector-registration waits for memstream to be healthy, then registers the sink.
            String status = "http://" + stack.getServiceHost("connect", 8083) + ":" + stack.getServicePort("connect", 8083)
                    + "/connectors/memories-sink/status";
            long deadline = System.nanoTime() + START.toNanos();
            String body = "";
            while (System.nanoTime() < deadline && !body.contains("\"state\":\"RUNNING\"")) {
                Thread.sleep(2_000);
                body = get(status).body();
            }
            assertThat(body).as("the sink's status").contains("\"state\":\"RUNNING\"");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
