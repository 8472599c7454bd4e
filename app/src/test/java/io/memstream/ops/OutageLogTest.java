package io.memstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageLogTest {

    private final AtomicLong now = new AtomicLong();
    private final Logger log = (Logger) LoggerFactory.getLogger(OutageLogTest.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final OutageLog outages = new OutageLog(log, "embeddings endpoint", "memories pass on without an embedding",
            now::get);

    @BeforeEach
    void record() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stopRecording() {
        log.detachAppender(logged);
    }

    @Test
    void anOutageIsOneLineWhenItStartsAndOneWhenItEndsWhateverHappensBetween() {
        outages.meanwhile("ignored while up");
        outages.down("connection refused");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        outages.down("connection refused again");
        outages.meanwhile("memories went on without an embedding");
        outages.meanwhile("memories went on without an embedding");
        now.addAndGet(Duration.ofMinutes(62).toNanos());
        outages.up();
        outages.up();

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.WARN, "embeddings endpoint is down (connection refused); "
                        + "memories pass on without an embedding until it is back"),
                org.assertj.core.groups.Tuple.tuple(Level.INFO, "embeddings endpoint is back after 1h 2m 5s; "
                        + "meanwhile: memories went on without an embedding x2"));
    }

    @Test
    void anOutageThatNothingNeededSaysSo() {
        outages.down("timeout");
        now.addAndGet(Duration.ofMillis(850).toNanos());
        outages.up();

        assertThat(logged.list.get(1).getFormattedMessage()).isEqualTo("embeddings endpoint is back after 850ms; meanwhile: nothing needed it");
    }
}
