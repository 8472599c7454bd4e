package io.memstream.config;

/** A logger level as {@code log.level}, {@code app.log.level} and {@code log.levels} take it, in any case. */
public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
}
