package io.memstream.runtime.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka cluster (one KRaft controller and broker in one server) running inside this JVM, on a free
 * port of localhost, with its logs in a temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

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
            // The test kit turns on unreleased protocol versions for Kafka's own tests; memstream wants released ones.
            Map.entry("unstable.api.versions.enable", "false"),
            Map.entry("unstable.feature.versions.enable", "false"));

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats the storage, starts the node and returns once the broker accepts clients. */
    public static EmbeddedKafka start() {
        long started = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1);
            // The test kit defaults to the newest, unreleased metadata version, which needs unstable features on.
            nodesBuilder.setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION);
            TestKitNodes nodes = nodesBuilder.build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            SERVER_PROPERTIES.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            closeAfterFailedStart(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new EmbeddedRuntimeException("The embedded Kafka broker did not start: " + e.getMessage()
                    + ". Its log lines above say why (a full disk under java.io.tmpdir is a common cause).", e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(cluster);
        log.info("Kafka broker started in {} ms at {}", (System.nanoTime() - started) / 1_000_000,
                kafka.bootstrapServers());
        return kafka;
    }

    /** The {@code bootstrap.servers} value for clients of this cluster. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
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
            cluster.close();
            log.info("Kafka broker stopped");
        } catch (Exception e) {
            throw new EmbeddedRuntimeException("The embedded Kafka broker did not shut down cleanly: " + e, e);
        }
    }

    /** The storage formatter prints its bootstrap records to stdout, which is the demo's console, not a log. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(console);
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

    private static void closeAfterFailedStart(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception suppressed) {
            log.debug("Closing the half-started Kafka cluster failed too", suppressed);
        }
    }
}
