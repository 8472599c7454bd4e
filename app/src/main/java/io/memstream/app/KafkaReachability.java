package io.memstream.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.memstream.config.MemstreamConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster who its brokers are before a command starts its clients, so that a wrong
 * {@code bootstrap.servers} or a stopped broker is one clear line within seconds instead of a minute of
 * Kafka clients retrying and warning about every attempt.
 */
public final class KafkaReachability {

    /** Loggers of the Kafka clients that warn on every failed connection attempt and DNS lookup. */
    private static final List<String> REPEATED_WARNINGS = List.of(NetworkClient.class.getName(), ClientUtils.class.getName());

    /** How long {@code run} and {@code produce} wait for the cluster to answer before giving up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaReachability() {
    }

    /**
     * Returns once a broker answered; otherwise throws {@link KafkaUnreachableException}. The client's own
     * "could not be established" warnings are held back meanwhile: the exception says it once.
     */
    public static void require(MemstreamConfig config, Duration timeout) {
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
        Map<String, Level> before = quiet();
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnreachableException(bootstrap, timeout, cause);
        } catch (KafkaException e) {
            // No address of bootstrap.servers resolves, or the security settings are unusable: the client says which.
            throw new KafkaUnreachableException(bootstrap, timeout, e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreachableException(bootstrap, timeout, e);
        } finally {
            restore(before);
        }
    }

    /** Sets the loggers that repeat what the exception says to ERROR; returns their levels before. */
    private static Map<String, Level> quiet() {
        Map<String, Level> before = new HashMap<>();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : REPEATED_WARNINGS) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                before.put(name, logger.getLevel());
                logger.setLevel(Level.ERROR);
            }
        }
        return before;
    }

    private static void restore(Map<String, Level> before) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            before.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }
    }
}
