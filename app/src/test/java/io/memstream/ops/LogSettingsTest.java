package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.memstream.config.MemstreamConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSettingsTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private final Level appLevel = context.getLogger("io.memstream").getLevel();

    @AfterEach
    void restore() {
        root.setLevel(rootLevel);
        context.getLogger("io.memstream").setLevel(appLevel);
        context.getLogger("org.apache.kafka.streams").setLevel(null);
        context.getLogger("io.memstream.enrichment").setLevel(null);
        root.detachAppender(LogSettings.JSON);
        root.detachAppender(LogSettings.PLAIN);
    }

    @Test
    void setsRootAppAndPerPackageLevels() {
        LogSettings.apply(new MemstreamConfig(Map.of(MemstreamConfig.LOG_LEVEL, "error", MemstreamConfig.APP_LOG_LEVEL, "WARN",
                MemstreamConfig.LOG_LEVELS, "org.apache.kafka.streams=INFO, io.memstream.enrichment=debug")).logging());

        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.memstream").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.streams").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.memstream.enrichment").getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void switchesThePlainConsoleAppenderToJsonLines() {
        ConsoleAppender<ILoggingEvent> plain = new ConsoleAppender<>();
        plain.setContext(context);
        plain.setName(LogSettings.PLAIN);
        root.addAppender(plain);

        LogSettings.apply(new MemstreamConfig(Map.of(MemstreamConfig.LOG_FORMAT, "json")).logging());

        assertThat(root.getAppender(LogSettings.PLAIN)).isNull();
        assertThat(root.getAppender(LogSettings.JSON)).isInstanceOfSatisfying(ConsoleAppender.class,
                a -> assertThat(a.getEncoder()).isInstanceOf(JsonEncoder.class));
    }
}
