package io.memstream.deploy;

import static io.memstream.deploy.DeploymentFiles.COMPOSE;
import static io.memstream.deploy.DeploymentFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memstream.app.ConfigLoader;
import io.memstream.config.MemstreamConfig;
import io.memstream.feed.InputFiles;
import io.memstream.feed.MemoriesTableReader;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.PipelineDrain;
import io.memstream.feed.Progress;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The production image against real containers, wired as docker-compose.yml wires them: the image's runtime stage from
 * the repository's Dockerfile around the built app/target/memstream-app.jar, Kafka (apache/kafka, KRaft), Confluent's
 * schema registry, PostgreSQL with the memories table, Debezium's Connect image with memstream's converter and the
 * sink registered by the Compose stack's own script. Every image and every setting is read from the Compose file, so
 * that this is the stack a user starts. The bundled sample chat goes in over the host's listener, in the Confluent wire
 * format; its memories must come out on enhanced-memories and as rows in PostgreSQL.
 */
@DockerEngine("these tests run the production image against Kafka and PostgreSQL containers")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ProductionImageIT {

    private static final JsonNode SERVICES = DeploymentFiles.yaml(COMPOSE).path("services");
    private static final Path APP_JAR = ROOT.resolve("app/target/memstream-app.jar");
    private static final Path CONNECT_PLUGIN = ROOT.resolve("connectors/target/connect-plugin");
    /** The build stage compiles the jar in the image; here it is the one the build just made. */
    private static final String COPY_FROM_BUILD = "COPY --from=build /src/app/target/memstream-app.jar ";
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");
    private static final Duration START = Duration.ofMinutes(4);

    @Test
    void chatPublishedToTheImageBecomesMemoriesOnTheTopicAndInPostgres() throws Exception {
        assertThat(APP_JAR).as("./mvnw package builds the production jar").exists();
        assertThat(CONNECT_PLUGIN).as("./mvnw package builds memstream's converter for Connect").isNotEmptyDirectory();
        try (Network network = Network.newNetwork();
             KafkaContainer kafka = new KafkaContainer(image("kafka"))
                     .withNetwork(network)
                     .withNetworkAliases("kafka")
                     .withListener("kafka:19092")
                     .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
             PostgreSQLContainer<?> postgres = postgres(network);
             GenericContainer<?> registry = new GenericContainer<>(image("schema-registry"))
                     .withNetwork(network)
                     .withNetworkAliases("schema-registry")
                     .withEnv(environment("schema-registry"))
                     .withExposedPorts(8081)
                     .waitingFor(Wait.forHttp("/subjects").forPort(8081).withStartupTimeout(START));
             GenericContainer<?> connect = new GenericContainer<>(image("connect"))
                     .withNetwork(network)
                     .withNetworkAliases("connect")
                     .withEnv(environment("connect"))
                     .withFileSystemBind(CONNECT_PLUGIN.toString(), "/kafka/connect/memstream-converter", BindMode.READ_ONLY)
                     .withExposedPorts(8083)
                     .waitingFor(Wait.forHttp("/connector-plugins?connectorsOnly=false").forPort(8083)
                             .forResponsePredicate(body -> body.contains("AvroWireFormatConverter")).withStartupTimeout(START));
             GenericContainer<?> memstream = new GenericContainer<>(productionImage())
                     .withNetwork(network)
                     .withNetworkAliases("memstream")
                     .withEnv(environment("memstream"))
                     .withExposedPorts(8080)
                     // The image's own HEALTHCHECK: /health/ready answers 200.
                     .waitingFor(Wait.forHealthcheck().withStartupTimeout(START));
             GenericContainer<?> registration = connectorRegistration(network)) {
            kafka.start();
            postgres.start();
            registry.start();
            connect.start();
            memstream.start();
            registration.start();

            Map<String, Object> settings = new HashMap<>(ConfigLoader.load(null, environment("memstream")));
            settings.put(MemstreamConfig.BOOTSTRAP_SERVERS, kafka.getBootstrapServers());
            settings.put(MemstreamConfig.SCHEMA_REGISTRY_URL, "http://" + registry.getHost() + ":" + registry.getMappedPort(8081));
            MemstreamConfig config = new MemstreamConfig(settings);
            MessagePublisher.Result published;
            try (InputStream lines = InputFiles.open(null); MessagePublisher publisher = MessagePublisher.create(config)) {
                published = publisher.publish(lines, InputFiles.describe(null), true, System.out::println);
            }
            assertThat(published.errors()).isEmpty();
            assertThat(published.messages()).isEqualTo(95);

            PipelineDrain.Outcome outcome = new PipelineDrain(config,
                    new MemoriesTableReader(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()))
                    .await(published.lastOffsets(), Duration.ofMinutes(5), new Progress(System.out));
            assertThat(outcome.batches().stream().mapToInt(b -> b.getMessages().size()).sum()).isEqualTo(95);
            assertThat(outcome.memories()).as("memories on enhanced-memories").hasSizeGreaterThan(10);
            assertThat(outcome.rows().stream().map(row -> row.path("memory_id").asText()).collect(Collectors.toSet()))
                    .as("the sink's rows are the topic's memories")
                    .isEqualTo(outcome.memories().keySet());
            assertThat(outcome.rows()).allSatisfy((ObjectNode row) -> assertThat(row.path("model").asText()).isEqualTo("offline"));
        }
    }

    /** The runtime stage of the repository's Dockerfile, unchanged but for where the jar comes from. */
    private static ImageFromDockerfile productionImage() {
        String dockerfile = DeploymentFiles.read(ROOT.resolve("Dockerfile"));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM ") + 1);
        assertThat(runtime).as("the Dockerfile's runtime stage copies the jar from the build stage").contains(COPY_FROM_BUILD);
        return new ImageFromDockerfile("memstream-it", true)
                .withFileFromString("Dockerfile", runtime.replace(COPY_FROM_BUILD, "COPY memstream-app.jar "))
                .withFileFromPath("memstream-app.jar", APP_JAR);
    }

    private static PostgreSQLContainer<?> postgres(Network network) {
        Map<String, String> env = environment("postgres");
        return new PostgreSQLContainer<>(image("postgres"))
                .withNetwork(network)
                .withNetworkAliases("postgres")
                .withDatabaseName(env.get("POSTGRES_DB"))
                .withUsername(env.get("POSTGRES_USER"))
                .withPassword(env.get("POSTGRES_PASSWORD"))
                .withCopyFileToContainer(MountableFile.forHostPath(
                        ROOT.resolve("connectors/src/main/resources/memstream/memories.sql")),
                        "/docker-entrypoint-initdb.d/10-memories.sql");
    }

    /** The Compose stack's one-shot registration, without --supervise so that it exits once the sink is RUNNING. */
    private static GenericContainer<?> connectorRegistration(Network network) {
        return new GenericContainer<>(image("connector-registration"))
                .withNetwork(network)
                .withEnv(environment("connector-registration"))
                .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("docker/connect/register-connector.sh")),
                        "/scripts/register-connector.sh")
                .withCopyFileToContainer(MountableFile.forHostPath(DeploymentFiles.CONNECTOR_CONFIG), "/config/memories-sink.json")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh", "/scripts/register-connector.sh"))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(START));
    }

    private static String image(String service) {
        return SERVICES.path(service).path("image").asText();
    }

    /** A service's environment as Compose resolves it with nothing set: every ${VAR:-default} is its default. */
    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        SERVICES.path(service).path("environment").fields().forEachRemaining(e -> {
            Matcher defaulted = DEFAULTED.matcher(e.getValue().asText());
            env.put(e.getKey(), defaulted.replaceAll(m -> Matcher.quoteReplacement(m.group(1))));
        });
        return env;
    }
}
