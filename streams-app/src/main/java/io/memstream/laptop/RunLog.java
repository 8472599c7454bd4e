package io.memstream.laptop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import io.memstream.ops.LogSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The log of a laptop command goes to a file, so that the console shows the command's progress and results only: the
 * embedded broker, Connect, Hibernate, ONNX Runtime and Kafka Streams all have something to say at start-up that a
 * user of {@code demo} need not read. An ERROR still reaches stderr as well. Closing puts the console back as it was
 * (the commands also run inside tests' JVMs).
 */
final class RunLog implements AutoCloseable {

    private final Path file;
    private final Logger root;
    private final FileAppender<ILoggingEvent> appender;
    private final List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();

    private RunLog(Path file, Logger root, FileAppender<ILoggingEvent> appender) {
        this.file = file;
        this.root = root;
        this.appender = appender;
    }

    /** Diverts the log to {@code file} (replaced) until closed. */
    static RunLog divertTo(Path file) {
        Path target = file.toAbsolutePath();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLog(target, null, null);
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(LogSettings.PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run-log");
        appender.setFile(target.toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        RunLog log = new RunLog(target, root, appender);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                ThresholdFilter errorsOnly = new ThresholdFilter();
                errorsOnly.setLevel(Level.ERROR.toString());
                errorsOnly.start();
                console.addFilter(errorsOnly);
                log.consoles.add(console);
            }
        }
        root.addAppender(appender);
        return log;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        root.detachAppender(appender);
        appender.stop();
        consoles.forEach(ConsoleAppender::clearAllFilters);
    }
}
