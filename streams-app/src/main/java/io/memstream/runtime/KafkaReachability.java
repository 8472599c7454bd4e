package io.memstream.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.memstream.config.MemstreamConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster who its brokers are before a command starts its clients, so that a wrong
 * {@code bootstrap.servers} or a stopped broker is one clear line within seconds instead of a minute of
 * Kafka clients retrying and warning about every attempt.
 */
final class KafkaReachability {

    /** How long {@code run} and {@code produce} wait for the cluster to answer before giving up. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaReachability() {
    }

    /**
     * Returns once a broker answered; otherwise throws {@link KafkaUnreachableException}. The client's own
     * "could not be established" warnings are held back meanwhile: the exception says it once.
     */
    static void require(MemstreamConfig config, Duration timeout) {
        String bootstrap = config.getString(MemstreamConfig.BOOTSTRAP_SERVERS);
        Properties props = new Properties();
        // The security settings (SASL, SSL) of the app apply to the probe too; the Streams-only keys do not.
        config.streamsProperties().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key.toString())) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "memstream-reachability");
        Level before = quiet();
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnreachableException(bootstrap, timeout, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreachableException(bootstrap, timeout, e);
        } finally {
            restore(before);
        }
    }

    private static Level quiet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            ch.qos.logback.classic.Logger network = context.getLogger(NetworkClient.class);
            Level before = network.getLevel();
            network.setLevel(Level.ERROR);
            return before;
        }
        return null;
    }

    private static void restore(Level before) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(NetworkClient.class).setLevel(before);
        }
    }
}
