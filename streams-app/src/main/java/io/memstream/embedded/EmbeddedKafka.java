package io.memstream.embedded;

import io.memstream.app.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (one KRaft controller and broker in one server) running inside this JVM, with both
 * listeners (broker and controller, plaintext) on free ports of one address, 127.0.0.1 unless told otherwise, and
 * its logs in a temporary directory that {@link #close()} deletes.
 *
 * <p>It runs Kafka's own {@link KafkaRaftServer} rather than Kafka's test kit, because the test kit pre-binds the
 * controller's port on every interface, whatever the listener says.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final long ADMIN_TIMEOUT_SECONDS = 60;
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int FREE_PORT_ATTEMPTS = 3;

    /**
     * Settings a one-node cluster needs (internal topics cannot be replicated three times) or that make it behave like
     * production rather than like Kafka's own test suite.
     */
    private static final Map<String, String> SERVER_PROPERTIES = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            // Nobody else will join: the first consumer group member need not wait 3 s for company.
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // Every topic is declared explicitly, so a typo in a topic name fails instead of creating a topic.
            Map.entry("auto.create.topics.enable", "false"),
            // Caps what a transactional producer may ask for: an exactly-once application that dies mid-transaction
            // blocks its read_committed consumers for at most a minute (Kafka Streams asks for 10 s by default).
            Map.entry("transaction.max.timeout.ms", "60000"),
            // The log cleaner (compacted topics) would take 128 MB of heap for its default dedupe buffer.
            Map.entry("log.cleaner.dedupe.buffer.size", "2097152"));

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final InetSocketAddress brokerAddress;
    private final InetSocketAddress controllerAddress;

    private EmbeddedKafka(KafkaRaftServer server, Path logDirectory, InetSocketAddress brokerAddress,
                          InetSocketAddress controllerAddress) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.brokerAddress = brokerAddress;
        this.controllerAddress = controllerAddress;
    }

    /** Starts the node on 127.0.0.1. */
    public static EmbeddedKafka start() {
        return start(InetAddress.getLoopbackAddress().getHostAddress());
    }

    /**
     * Formats the storage, starts the node with both listeners on {@code bindAddress} and returns once the broker
     * accepts clients. A wildcard address (0.0.0.0) advertises this machine's host name.
     */
    public static EmbeddedKafka start(String bindAddress) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                EmbeddedKafka kafka = startOnce(bindAddress);
                log.info("Kafka broker started in {} ms: broker listener {}, controller listener {}",
                        (System.nanoTime() - started) / 1_000_000, kafka.brokerAddress(), kafka.controllerAddress());
                return kafka;
            } catch (PortTakenException e) {
                if (attempt == FREE_PORT_ATTEMPTS) {
                    throw new EmbeddedRuntimeException("The embedded Kafka broker could not bind free ports on "
                            + bindAddress + " in " + FREE_PORT_ATTEMPTS + " attempts: " + e.getMessage(), e);
                }
                log.info("A port was taken before Kafka could bind it ({}); trying others", e.getMessage());
            }
        }
    }

    private static EmbeddedKafka startOnce(String bindAddress) {
        Path logDirectory;
        try {
            logDirectory = Files.createTempDirectory("memstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for Kafka's logs", e);
        }
        InetAddress bind = resolve(bindAddress);
        String advertised = advertisedHost(bind);
        InetSocketAddress broker = new InetSocketAddress(advertised, freePort(bind));
        InetSocketAddress controller = new InetSocketAddress(advertised, freePort(bind));
        String host = bind.isAnyLocalAddress() ? "" : bind.getHostAddress();
        Map<String, Object> props = new HashMap<>(SERVER_PROPERTIES);
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("listeners", BROKER_LISTENER + "://" + host + ":" + broker.getPort() + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controller.getPort());
        props.put("advertised.listeners", BROKER_LISTENER + "://" + advertised + ":" + broker.getPort());
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("controller.quorum.voters", NODE_ID + "@" + advertised + ":" + controller.getPort());
        props.put("log.dirs", logDirectory.toString());
        KafkaRaftServer server = null;
        try {
            KafkaConfig config = new KafkaConfig(props, false);
            format(logDirectory);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, logDirectory, broker, controller);
            kafka.awaitBroker();
            return kafka;
        } catch (RuntimeException e) {
            stopQuietly(server);
            FileTrees.deleteQuietly(logDirectory);
            if (String.valueOf(e.getMessage()).contains("bind") || e.getCause() instanceof java.net.BindException) {
                throw new PortTakenException(e);
            }
            throw new EmbeddedRuntimeException("The embedded Kafka broker did not start: " + e.getMessage()
                    + ". Its log lines above say why (a full disk under java.io.tmpdir is a common cause).", e);
        }
    }

    /** The {@code bootstrap.servers} value for clients of this cluster. */
    public String bootstrapServers() {
        return brokerAddress.getHostString() + ":" + brokerAddress.getPort();
    }

    /** Where the broker listener (plaintext) accepts clients. */
    public String brokerAddress() {
        return bootstrapServers();
    }

    /** Where the controller listener (plaintext, KRaft) listens. */
    public String controllerAddress() {
        return controllerAddress.getHostString() + ":" + controllerAddress.getPort();
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are, whatever their settings. */
    public void createTopics(NewTopic... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(List.of(topics)).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                awaitCreation(result.getKey(), result.getValue());
            }
        }
    }

    /** Stops the node and deletes its data. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
            log.info("Kafka broker stopped");
        } catch (RuntimeException e) {
            throw new EmbeddedRuntimeException("The embedded Kafka broker did not shut down cleanly: " + e, e);
        } finally {
            FileTrees.deleteQuietly(logDirectory);
        }
    }

    /** The storage formatter prints its bootstrap records, which is the demo's console, not a log. */
    private static void format(Path logDirectory) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDirectory.toString()))
                    .setMetadataLogDirectory(logDirectory.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedRuntimeException("Could not format Kafka's storage in " + logDirectory + ": " + e.getMessage(), e);
        }
    }

    private void awaitBroker() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster().nodes().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedRuntimeException("The embedded Kafka broker did not answer within " + ADMIN_TIMEOUT_SECONDS
                    + " s at " + bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("Interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private static InetAddress resolve(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("Cannot listen on '" + bindAddress + "': not an address of this machine ("
                    + e.getMessage() + "); check embedded.bind.address", e);
        }
    }

    /** Clients must be told an address they can reach: the bound one, or this machine's name for a wildcard. */
    private static String advertisedHost(InetAddress bind) {
        if (!bind.isAnyLocalAddress()) {
            return bind.getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static int freePort(InetAddress bind) {
        try (ServerSocket socket = new ServerSocket(0, 1, bind)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free TCP port on " + bind.getHostAddress(), e);
        }
    }

    private static void awaitCreation(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EmbeddedRuntimeException("Could not create topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new EmbeddedRuntimeException("Creating topic " + topic + " took over " + ADMIN_TIMEOUT_SECONDS
                    + " s; is the broker still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("Interrupted while creating topic " + topic, e);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException suppressed) {
            log.debug("Stopping the half-started Kafka server failed too", suppressed);
        }
    }

    /** A port probed as free was taken by another process before Kafka bound it. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
