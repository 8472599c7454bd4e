package io.memstream.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.memstream.config.LogFormat;
import io.memstream.config.LoggingSettings;
import org.slf4j.LoggerFactory;

/**
 * Applies the logging settings of a loaded config: levels of the root logger, of {@code io.memstream} and of each
 * logger in {@code log.levels}, and the line format. logback.xml already reads the same settings from the
 * environment when the JVM starts; this makes them work from a config file too.
 */
public final class LogSettings {

    static final String PLAIN = "plain";
    static final String JSON = "json";
    /** The plain line format, as logback.xml declares it; the laptop's log file uses it too. */
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private LogSettings() {
    }

    public static void apply(LoggingSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.level().name()));
        context.getLogger("io.memstream").setLevel(Level.toLevel(settings.appLevel().name()));
        settings.levels().forEach((logger, level) -> context.getLogger(logger).setLevel(Level.toLevel(level.name())));
        String wanted = settings.format() == LogFormat.JSON ? JSON : PLAIN;
        String other = wanted.equals(JSON) ? PLAIN : JSON;
        Appender<ILoggingEvent> current = root.getAppender(other);
        if (current != null) {
            root.addAppender(console(context, wanted));
            root.detachAppender(current);
            current.stop();
        }
    }

    /** A stderr appender named for its format, as logback.xml declares them. */
    private static Appender<ILoggingEvent> console(LoggerContext context, String format) {
        Encoder<ILoggingEvent> encoder;
        if (format.equals(JSON)) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithNanoseconds(false);
            json.setWithSequenceNumber(false);
            encoder = json;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(context);
            pattern.setPattern(PATTERN);
            encoder = pattern;
        }
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(format);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
