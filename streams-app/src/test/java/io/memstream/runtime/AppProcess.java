package io.memstream.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The streams app in a JVM of its own, so that a test can kill it the way a crash would (SIGKILL). */
final class AppProcess {

    private AppProcess() {
    }

    static Process start(Path configFile, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", configFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
