package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.domain.DateResolver.Precision;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelDatesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant MONDAY = Instant.parse("2023-05-08T10:00:00Z");

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "2022                      | -      | 2022                   | YEAR   | 2022-01-01 | 2022-12-31",
        "2019/2021                 | YEAR   | 2019/2021              | YEAR   | 2019-01-01 | 2021-12-31",
        "2023-05                   | MONTH  | 2023-05                | MONTH  | 2023-05-01 | 2023-05-31",
        "2022-06/2022-08           | SEASON | 2022-06/2022-08        | SEASON | 2022-06-01 | 2022-08-31",
        "2022-06/2022-08           | MONTH  | 2022-06/2022-08        | MONTH  | 2022-06-01 | 2022-08-31",
        "2023-12/2024-02           | SEASON | 2023-12/2024-02        | SEASON | 2023-12-01 | 2024-02-29",
        "2023-W19                  | WEEK   | 2023-W19               | WEEK   | 2023-05-08 | 2023-05-14",
        "2020-W53                  | WEEK   | 2020-W53               | WEEK   | 2020-12-28 | 2021-01-03",
        "2023-05-07                | DAY    | 2023-05-07             | DAY    | 2023-05-07 | 2023-05-07",
        "2023-05-06/2023-05-07     | DAY    | 2023-05-06/2023-05-07  | DAY    | 2023-05-06 | 2023-05-07",
        "2023/05/07                | DAY    | 2023-05-07             | DAY    | 2023-05-07 | 2023-05-07",
        "07.05.2023                | -      | 2023-05-07             | DAY    | 2023-05-07 | 2023-05-07",
        "25/05/2023                | DAY    | 2023-05-25             | DAY    | 2023-05-25 | 2023-05-25",
        "05/25/2023                | DAY    | 2023-05-25             | DAY    | 2023-05-25 | 2023-05-25",
        "07/07/2023                | DAY    | 2023-07-07             | DAY    | 2023-07-07 | 2023-07-07",
        "May 7th, 2023             | DAY    | 2023-05-07             | DAY    | 2023-05-07 | 2023-05-07",
        "7 May 2023                | -      | 2023-05-07             | DAY    | 2023-05-07 | 2023-05-07",
        "2023-05-09T19:00+02:00    | TIME   | 2023-05-09T19:00+02:00 | TIME   | 2023-05-09 | 2023-05-09",
        "2023-05-09T19:00:00+0200  | TIME   | 2023-05-09T19:00+02:00 | TIME   | 2023-05-09 | 2023-05-09",
        "2023-05-09T17:00:00Z      | TIME   | 2023-05-09T17:00Z      | TIME   | 2023-05-09 | 2023-05-09",
        "2023-05-09 19:00          | TIME   | 2023-05-09T19:00+02:00 | TIME   | 2023-05-09 | 2023-05-09",
    })
    void readsTheContractsFormsAndOddFormsWithOneReading(String value, String precision, String resolved,
                                                         Precision expectedPrecision, LocalDate first, LocalDate last) {
        assertThat(ModelDates.read(value, precision, BERLIN, MONDAY))
                .contains(new ModelDates.ModelDate(resolved, expectedPrecision, first, last));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"07/05/2023", "sometime in spring", "May 7th", "next Friday", "2023-13", "2023-02-30",
        "2021-W53", "2023-05-07/2023-05-01", "2023/2023-05", "2023-05-09T19:00/2023-05-09T21:00", "2023-05-07T25:00",
        "recently"})
    void refusesValuesWithoutExactlyOneReading(String value) {
        assertThat(ModelDates.read(value, "DAY", BERLIN, MONDAY)).isEmpty();
    }
}
