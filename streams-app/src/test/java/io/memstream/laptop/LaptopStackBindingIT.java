package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.app.MemstreamApp;
import io.memstream.config.MemstreamConfig;
import io.memstream.embedded.EmbeddedStack;
import io.memstream.feed.Progress;
import io.memstream.ops.OpsEndpoints;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The laptop stack with its defaults: every server (Kafka broker and controller, schema registry, Connect REST,
 * PostgreSQL, metrics/health) answers on the loopback address and not on this machine's network address, and
 * PostgreSQL lets nobody in without the password generated for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LaptopStackBindingIT {

    @TempDir
    static java.nio.file.Path workDir;
    private EmbeddedStack stack;
    private MemstreamApp app;
    private OpsEndpoints ops;

    @BeforeAll
    void startStack() throws Exception {
        stack = EmbeddedStack.start(workDir, new Progress(System.out));
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(MemstreamConfig.OPS_PORT, 0);
        MemstreamConfig settings = new MemstreamConfig(stack.appSettings(overrides));
        app = new MemstreamApp(settings);
        ops = OpsEndpoints.start(settings, app.metrics(), app.status(), app.health(), true);
    }

    @AfterAll
    void stopStack() {
        if (ops != null) {
            ops.close();
        }
        if (app != null) {
            app.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServerAnswersOnLoopbackAndNotOnTheNetworkAddress() throws Exception {
        InetAddress network = networkAddress().orElse(null);
        Assumptions.assumeTrue(network != null, "this machine has no non-loopback IPv4 address to try");
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka broker", portOf(stack.bootstrapServers()));
        ports.put("Kafka controller", portOf(stack.kafkaControllerAddress()));
        ports.put("schema registry", URI.create(stack.registryHttpUrl()).getPort());
        ports.put("Connect REST", URI.create(stack.connectUrl()).getPort());
        ports.put("PostgreSQL", stack.postgres().port());
        ports.put("metrics and health", URI.create(ops.url().orElseThrow()).getPort());

        ports.forEach((server, port) -> {
            assertThat(accepts(InetAddress.getLoopbackAddress(), port)).as("%s on 127.0.0.1:%d", server, port).isTrue();
            assertThat(accepts(network, port)).as("%s on %s:%d", server, network.getHostAddress(), port).isFalse();
        });
    }

    @Test
    void postgresRefusesAConnectionWithoutThePassword() throws Exception {
        String url = stack.postgres().jdbcUrl();
        assertThat(stack.postgres().password()).hasSizeGreaterThanOrEqualTo(24);
        assertThatThrownBy(() -> DriverManager.getConnection(url, stack.postgres().user(), "").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, stack.postgres().user(), "postgres").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        try (Connection connection = DriverManager.getConnection(url, stack.postgres().user(), stack.postgres().password())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private static int portOf(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Optional<InetAddress> networkAddress() throws IOException {
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
