package io.memstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system user that PostgreSQL's programs run as. initdb and postgres refuse to run as root, so when
 * the JVM is root (containers, CI machines) they run as {@code nobody} (uid and gid 65534) through {@code setpriv}
 * or {@code runuser}; otherwise they run as the JVM's own user.
 */
final class PostgresServerUser {

    private static final Logger log = LoggerFactory.getLogger(PostgresServerUser.class);

    private static final int NOBODY = 65534;
    private static final List<String> TOOL_DIRECTORIES = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    /** Prepended to every PostgreSQL command; empty when no change of user is needed. */
    private final List<String> commandPrefix;

    private PostgresServerUser(List<String> commandPrefix) {
        this.commandPrefix = commandPrefix;
    }

    static PostgresServerUser forThisJvm() {
        if (!jvmRunsAsRoot()) {
            return new PostgresServerUser(List.of());
        }
        List<String> prefix = findTool("setpriv")
                .map(setpriv -> List.of(setpriv, "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"))
                .or(() -> findTool("runuser").map(runuser -> List.of(runuser, "-u", "nobody", "--")))
                .orElseThrow(() -> new EmbeddedRuntimeException("This JVM runs as root, and PostgreSQL refuses to run "
                        + "as root. Neither setpriv nor runuser (util-linux) was found in " + TOOL_DIRECTORIES
                        + " to run it as 'nobody': install util-linux, or run memstream as an ordinary user."));
        log.info("The JVM runs as root; PostgreSQL will run as 'nobody' (uid {}) via {}", NOBODY, prefix.get(0));
        return new PostgresServerUser(prefix);
    }

    List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * Hands a directory the server writes to (its data directory) over to the server's user. PostgreSQL insists that
     * the data directory belongs to the user running it and is closed to everyone else.
     */
    void takeOwnership(Path directory) {
        try {
            if (!commandPrefix.isEmpty()) {
                Files.setAttribute(directory, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(directory, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
            Files.setPosixFilePermissions(directory, Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare " + directory + " for the PostgreSQL server", e);
        }
    }

    /**
     * Fails early, with advice, when {@code nobody} could not even reach a directory: otherwise initdb would fail
     * with a bare "Permission denied". {@code directory} itself, being ours to use, is opened for traversal.
     */
    void requireCanReach(Path directory) {
        if (commandPrefix.isEmpty()) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(directory, permissions);
            }
            for (Path ancestor = directory.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
                if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new EmbeddedRuntimeException("PostgreSQL runs as 'nobody' because this JVM runs as root, "
                            + "and 'nobody' cannot reach " + directory + " because " + ancestor + " is closed to other"
                            + " users. Use a work directory under /tmp (or set -Djava.io.tmpdir to one), or run "
                            + "'chmod o+x " + ancestor + "'.");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check the permissions of " + directory, e);
        }
    }

    private static boolean jvmRunsAsRoot() {
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            // "Uid:  real  effective  saved  filesystem": the effective uid decides what PostgreSQL sees.
            try (Stream<String> lines = Files.lines(status)) {
                return lines.filter(line -> line.startsWith("Uid:"))
                        .map(line -> line.split("\\s+")[2])
                        .anyMatch("0"::equals);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + status, e);
            }
        }
        ExternalCommand.Result id = ExternalCommand.run(List.of("id", "-u"), Path.of("/"), Duration.ofSeconds(10));
        return id.succeeded() ? "0".equals(id.output().trim()) : "root".equals(System.getProperty("user.name"));
    }

    private static Optional<String> findTool(String name) {
        return TOOL_DIRECTORIES.stream()
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
