package io.memstream.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings as text for the log, one {@code key=value} a line in key order, with every secret masked: keys of
 * type PASSWORD, and keys whose name says they hold one, which catches Kafka's own pass-through keys
 * ({@code ssl.keystore.password}, {@code sasl.jaas.config}) that memstream does not type.
 */
final class MaskedSettings {

    static final String MASK = "[hidden]";
    private static final List<String> SECRET_NAME_PARTS = List.of("api.key", "password", "secret", "jaas.config");

    private MaskedSettings() {
    }

    /** memstream's parsed values plus the keys it passes through as given. */
    static String render(ConfigDef definition, Map<String, ?> values, Map<String, ?> originals) {
        Map<String, Object> all = new TreeMap<>(originals);
        all.putAll(values);
        StringBuilder text = new StringBuilder();
        all.forEach((key, value) -> text.append(key).append('=')
                .append(secret(definition, key) ? MASK : written(value)).append('\n'));
        return text.toString();
    }

    static boolean secret(ConfigDef definition, String key) {
        ConfigDef.ConfigKey defined = definition.configKeys().get(key);
        return defined != null && defined.type == ConfigDef.Type.PASSWORD
                || SECRET_NAME_PARTS.stream().anyMatch(key::contains);
    }

    private static String written(Object value) {
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }
}
