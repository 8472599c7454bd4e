package io.memstream.laptop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The streams app in a JVM of its own, so that a test can kill it the way a crash would (SIGKILL). */
final class AppProcess {

    private AppProcess() {
    }

    static Process start(Path configFile, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                LaptopMain.class.getName(), "run", "--config", configFile.toString()));
        // Metrics and health on any free port: 'run' fails rather than move off a busy one, and tests share the machine.
        builder.environment().putIfAbsent("MEMSTREAM_OPS_PORT", "0");
        return builder
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
