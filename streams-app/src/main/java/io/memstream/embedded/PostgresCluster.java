package io.memstream.embedded;

import io.memstream.app.FileTrees;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL data directory and the initdb and pg_ctl calls that create, start and stop the server on it,
 * run as the {@link PostgresServerUser}. The server writes its log to {@code server.log} in the data directory.
 */
final class PostgresCluster {

    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final int LOG_TAIL_LINES = 30;
    private static final String DATA_PLACEHOLDER = "@pgdata@";

    private final PostgresServerUser serverUser;
    private final Path binDirectory;
    private final Path dataDirectory;

    PostgresCluster(PostgresServerUser serverUser, Path installDirectory, Path dataDirectory) {
        this.serverUser = serverUser;
        this.binDirectory = installDirectory.resolve("bin");
        this.dataDirectory = dataDirectory;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates the cluster with {@code superuserPassword} for the superuser, every connection authenticated by
     * scram-sha-256 and the server listening on {@code listenAddress} only; or, for a cluster kept from an earlier run,
     * makes sure no server of that run still holds it.
     */
    void initialize(String superuserPassword, String listenAddress) {
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            if (run(pgCtl(), "status", "-D", dataDirectory.toString()).succeeded()) {
                log.warn("A PostgreSQL server from an earlier run still uses {}; stopping it", dataDirectory);
                stop();
            }
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dataDirectory, e);
        }
        serverUser.takeOwnership(dataDirectory);
        Path passwordFile = dataDirectory.resolveSibling("initdb-password");
        try {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, superuserPassword + "\n");
            serverUser.takeOwnership(passwordFile);
            // scram-sha-256 for local and host connections alike: no user of this machine gets in without the password.
            ExternalCommand.Result initdb = run(binDirectory.resolve("initdb").toString(), "-D", dataDirectory.toString(),
                    "-U", SUPERUSER, "-A", "scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale");
            if (!initdb.succeeded()) {
                throw new EmbeddedRuntimeException("initdb could not create a PostgreSQL cluster in " + dataDirectory
                        + " (exit code " + initdb.exitCode() + "):\n" + initdb.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the superuser's password for initdb to " + passwordFile, e);
        } finally {
            FileTrees.deleteQuietly(passwordFile);
        }
        // TCP on the one configured interface. No Unix socket, so no socket directory has to be writable by the server.
        // initdb's pg_hba.conf admits loopback clients only; another interface needs its clients admitted, by password.
        try {
            Files.writeString(dataDirectory.resolve("postgresql.conf"), "\n# memstream embedded PostgreSQL\n"
                    + "listen_addresses = '" + listenAddress + "'\n"
                    + "unix_socket_directories = ''\n"
                    + "password_encryption = 'scram-sha-256'\n", StandardOpenOption.APPEND);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), "\n# memstream embedded PostgreSQL\n"
                    + "host all all all scram-sha-256\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not configure the PostgreSQL cluster in " + dataDirectory, e);
        }
    }

    /**
     * Starts the server and returns true once it accepts connections, or false, with no server running, if another
     * process holds the port.
     */
    boolean tryStart(int port) {
        long logLengthBefore = logLength();
        ExternalCommand.Result pgCtl = run(pgCtl(), "start", "-D", dataDirectory.toString(),
                "-l", serverLog().toString(), "-o", "-p " + port, "-w", "-t", "60");
        if (pgCtl.succeeded()) {
            return true;
        }
        String startLog = serverLogSince(logLengthBefore);
        if (startLog.contains("could not bind")) {
            return false;
        }
        throw new EmbeddedRuntimeException("PostgreSQL did not start on port " + port + " (pg_ctl exit code "
                + pgCtl.exitCode() + "):\n" + pgCtl.output().trim() + "\nServer log (" + serverLog() + "):\n"
                + lastLines(startLog));
    }

    /** Fast shutdown (sessions are ended, the data is consistent); immediate shutdown if that does not finish. */
    void stop() {
        ExternalCommand.Result fast = run(pgCtl(), "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w",
                "-t", "30");
        if (fast.succeeded()) {
            return;
        }
        log.warn("PostgreSQL did not stop cleanly ({}); forcing an immediate shutdown", fast.output().trim());
        ExternalCommand.Result immediate = run(pgCtl(), "stop", "-D", dataDirectory.toString(), "-m", "immediate",
                "-w", "-t", "30");
        if (!immediate.succeeded()) {
            log.error("Could not stop the PostgreSQL server of {}: {}\nLast lines of its log:\n{}",
                    dataDirectory, immediate.output().trim(), serverLogTail());
        }
    }

    /**
     * Stops the server, and deletes {@code temporaryRoot} if given, once this JVM is gone. A kill -9 runs no shutdown
     * hook, and the server pg_ctl starts is not the JVM's child, so nothing else would stop it: it would keep its port,
     * and its data would stay in the temp directory. A shell loop outlives the JVM by design and checks on it every
     * second; it ends by itself once the data directory is gone (a clean close). The paths reach it in its environment,
     * so that no process but PostgreSQL's own names the data directory on its command line.
     */
    void stopWhenJvmDies(Path temporaryRoot) {
        String stop = shellWords(serverUser.command(pgCtl(), "stop", "-D", DATA_PLACEHOLDER, "-m", "immediate", "-w",
                "-t", "30")).replace(shellWords(List.of(DATA_PLACEHOLDER)), "\"$MEMSTREAM_PGDATA\"");
        String script = "while kill -0 \"$MEMSTREAM_JVM\" 2>/dev/null && [ -d \"$MEMSTREAM_PGDATA\" ]; do sleep 1; done; "
                + "[ -d \"$MEMSTREAM_PGDATA\" ] && " + stop + "; [ -n \"$MEMSTREAM_PGTEMP\" ] && rm -rf \"$MEMSTREAM_PGTEMP\"";
        ProcessBuilder watchdog = new ProcessBuilder("/bin/sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        watchdog.environment().put("MEMSTREAM_JVM", Long.toString(ProcessHandle.current().pid()));
        watchdog.environment().put("MEMSTREAM_PGDATA", dataDirectory.toString());
        watchdog.environment().put("MEMSTREAM_PGTEMP", temporaryRoot == null ? "" : temporaryRoot.toString());
        try {
            watchdog.start();
        } catch (IOException e) {
            log.warn("PostgreSQL would outlive a killed JVM: its watchdog did not start ({})", e.toString());
        }
    }

    private static String shellWords(List<String> words) {
        return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    String serverLogTail() {
        return lastLines(serverLogSince(0));
    }

    private long logLength() {
        try {
            return Files.exists(serverLog()) ? Files.size(serverLog()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String serverLogSince(long offset) {
        try {
            byte[] log = Files.readAllBytes(serverLog());
            int from = (int) Math.min(offset, log.length);
            return new String(log, from, log.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    private static String lastLines(String text) {
        List<String> lines = text.lines().collect(Collectors.toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    private Path serverLog() {
        return dataDirectory.resolve("server.log");
    }

    private String pgCtl() {
        return binDirectory.resolve("pg_ctl").toString();
    }

    private ExternalCommand.Result run(String... command) {
        // The server's user may not be allowed into the JVM's working directory; the binaries' directory it can read.
        return ExternalCommand.run(serverUser.command(command), binDirectory, COMMAND_TIMEOUT);
    }
}
