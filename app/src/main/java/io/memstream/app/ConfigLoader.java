package io.memstream.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where settings come from, lowest precedence first: a properties file, then environment variables.
 * The environment mapping is the one the Helm chart and Docker Compose use: {@code MEMSTREAM_BATCH_SIZE=30}
 * sets {@code batch.size=30}; any key, memstream's or Kafka's ({@code MEMSTREAM_NUM_STREAM_THREADS}
 * sets {@code num.stream.threads}). Secrets therefore come from the environment or a file, never the image.
 */
public final class ConfigLoader {

    /** Prefix of environment variables that become settings. */
    public static final String ENV_PREFIX = "MEMSTREAM_";

    private ConfigLoader() {
    }

    /** Settings from {@code file} (may be null) overridden by the {@code MEMSTREAM_*} variables of {@code env}. */
    public static Map<String, Object> load(Path file, Map<String, String> env) {
        Map<String, Object> settings = new HashMap<>();
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("config file " + file.toAbsolutePath() + " cannot be read: check the --config path");
            }
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage(), e);
            }
            props.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                settings.put(keyOf(name), value);
            }
        });
        return settings;
    }

    /** {@code MEMSTREAM_BATCH_IDLE_TIMEOUT} → {@code batch.idle.timeout}. */
    public static String keyOf(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
