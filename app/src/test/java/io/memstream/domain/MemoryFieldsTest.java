package io.memstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryFieldsTest {

    private static final Instant MONDAY_NOON_IN_BERLIN = Instant.parse("2023-05-08T10:00:00Z");
    private static final String BERLIN = "Europe/Berlin";

    private static Instant validUntil(String text) {
        return MemoryFields.validUntil(DateResolver.resolve(text, MONDAY_NOON_IN_BERLIN, BERLIN), ZoneId.of(BERLIN));
    }

    @Test
    void keepsAPlanValidUntilTheEndOfTheDayAfterItsLastDay() {
        // Friday 12 May: valid through Saturday 13 May, Berlin time.
        assertThat(validUntil("I'll see her on Friday")).isEqualTo(Instant.parse("2023-05-13T22:00:00Z"));
    }

    @Test
    void countsAPhraseCoveringSeveralDaysToItsLastDay() {
        // Next week ends on Sunday 21 May; next month on 30 June.
        assertThat(validUntil("I'm moving next week")).isEqualTo(Instant.parse("2023-05-22T22:00:00Z"));
        assertThat(validUntil("I'm moving next month")).isEqualTo(Instant.parse("2023-07-01T22:00:00Z"));
    }

    @Test
    void takesTheLatestOfSeveralDates() {
        assertThat(validUntil("I'll call on Friday and visit from May 20 to May 22"))
                .isEqualTo(Instant.parse("2023-05-23T22:00:00Z"));
    }

    @Test
    void hasNoValidityWithoutDates() {
        assertThat(MemoryFields.validUntil(List.of(), ZoneId.of(BERLIN))).isNull();
    }
}
