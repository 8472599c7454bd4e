package io.memstream.config;

import java.util.Map;

/**
 * Log levels and line format ({@code log.*}, {@code app.log.level}).
 *
 * @param appLevel level of memstream's own loggers (io.memstream)
 * @param levels logger name to level, in the order given, applied after the other two
 */
public record LoggingSettings(LogFormat format, LogLevel level, LogLevel appLevel, Map<String, LogLevel> levels) {
}
