package io.memstream.memory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the directory ONNX Runtime (1.20) extracts its native libraries to, when the JVM exits. The runtime marks the
 * libraries and then the directory for deletion on exit; the JVM deletes in reverse order, so it tries the directory
 * while the libraries are still in it and every JVM that embeds leaves an empty {@code onnxruntime-java*} directory
 * in the temp directory. The runtime keeps the path in a private static field and offers no setting for it, so it is
 * read by reflection; when that fails (another runtime version) nothing happens beyond one debug line.
 */
final class OnnxRuntimeTempDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeTempDirectory.class);
    private static final String RUNTIME_CLASS = "ai.onnxruntime.OnnxRuntime";
    private static final String FIELD = "tempDirectory";

    private OnnxRuntimeTempDirectory() {
    }

    /** Registers the removal; call once, after the runtime has loaded (the libraries are mapped by then). */
    static void removeOnExit() {
        try {
            Field field = Class.forName(RUNTIME_CLASS).getDeclaredField(FIELD);
            field.setAccessible(true);
            Path directory = (Path) field.get(null);
            if (directory != null) {
                // A loaded shared library may be unlinked on Linux and macOS; on Windows the delete fails quietly.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "memstream-onnxruntime-cleanup"));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot find ONNX Runtime's extraction directory; it stays in the temp directory", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // At exit nobody can act on it; the runtime's own delete-on-exit gets the next try.
        }
    }
}
