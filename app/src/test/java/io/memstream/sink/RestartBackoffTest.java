package io.memstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        assertThat(IntStream.range(0, 9).mapToObj(RestartBackoff.DEFAULT::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void staysAtTheMaximumForever() {
        assertThat(RestartBackoff.DEFAULT.delay(1_000)).isEqualTo(Duration.ofMinutes(1));
        assertThat(new RestartBackoff(Duration.ofDays(1000), Duration.ofDays(100_000)).delay(62))
                .isEqualTo(Duration.ofDays(100_000));
    }

    @Test
    void needsAPositiveInitialDelayNoLongerThanTheMaximum() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
