package io.memstream.config;

/** {@code log.format}: how log lines on stderr look. */
public enum LogFormat {
    PLAIN,
    /** One JSON object a line, for log shippers. */
    JSON
}
