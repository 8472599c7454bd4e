package io.memstream.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Durations as people write them in config: {@code 10m}, {@code 30s}, {@code 250ms}, {@code 7d}, {@code 1h}, or ISO-8601 {@code PT10M}. */
public final class DurationParser {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationParser() {
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 10m, 30s, 250ms, 7d or PT10M");
        }
    }

    /** ConfigDef validator: a positive duration. */
    public static ConfigDef.Validator positive() {
        return (name, value) -> {
            try {
                if (parse(String.valueOf(value)).compareTo(Duration.ZERO) <= 0) {
                    throw new ConfigException(name, value, "must be a positive duration");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }
}
