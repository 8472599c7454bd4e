package io.memstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kill -9 of the JVM that started the embedded PostgreSQL takes the server and its data with it. */
class PostgresOrphanIT {

    private static final Duration GONE_WITHIN = Duration.ofSeconds(20);

    @Test
    void theServerStopsAndItsDataIsDeletedWhenItsJvmIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                PostgresHolder.class.getName())).redirectErrorStream(true).start();
        int port;
        Path dataDirectory;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("the holder JVM's output ended before PostgreSQL started").isNotNull();
            } while (!line.startsWith(PostgresHolder.READY));
            String[] ready = line.split(" ");
            port = Integer.parseInt(ready[1]);
            dataDirectory = Path.of(ready[2]);
            assertThat(accepts(port)).as("PostgreSQL accepts connections before the kill").isTrue();
        } finally {
            holder.destroyForcibly().waitFor();
        }

        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while ((accepts(port) || Files.exists(dataDirectory)) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(accepts(port)).as("a server still listens on %d %s after the kill", port, GONE_WITHIN).isFalse();
        assertThat(dataDirectory).as("the data directory of the killed JVM's server").doesNotExist();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** A JVM that starts the embedded PostgreSQL, says where, and waits to be killed. */
    public static final class PostgresHolder {

        static final String READY = "postgres-ready";

        public static void main(String[] args) throws InterruptedException {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            System.out.println(READY + " " + postgres.port() + " " + postgres.dataDirectory());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
