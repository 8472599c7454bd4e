package io.memstream.domain;

import io.memstream.domain.DateResolver.Precision;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * What a date phrase covers: its precision, its first and last calendar day (inclusive) and its ISO 8601 form at
 * that precision ({@code 2022}, {@code 2023-05}, {@code 2023-W19}, {@code 2023-05-07}, {@code 2023-05-07T19:00+02:00},
 * or {@code start/end} for a span). A span whose ends are the same is written as that one value.
 */
record Period(Precision precision, LocalDate first, LocalDate last, String iso) {

    private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX");

    static Period day(LocalDate day) {
        return new Period(Precision.DAY, day, day, day.toString());
    }

    static Period days(LocalDate first, LocalDate last) {
        return first.equals(last) ? day(first) : new Period(Precision.DAY, first, last, first + "/" + last);
    }

    /** The ISO week (Monday to Sunday) containing {@code day}. */
    static Period week(LocalDate day) {
        return weeks(day, day);
    }

    static Period weeks(LocalDate dayOfFirstWeek, LocalDate dayOfLastWeek) {
        LocalDate monday = dayOfFirstWeek.minusDays(dayOfFirstWeek.getDayOfWeek().getValue() - 1L);
        LocalDate sunday = dayOfLastWeek.plusDays(7L - dayOfLastWeek.getDayOfWeek().getValue());
        String first = isoWeek(dayOfFirstWeek);
        String last = isoWeek(dayOfLastWeek);
        return new Period(Precision.WEEK, monday, sunday, first.equals(last) ? first : first + "/" + last);
    }

    static Period month(YearMonth month) {
        return months(month, month);
    }

    static Period months(YearMonth first, YearMonth last) {
        return new Period(Precision.MONTH, first.atDay(1), last.atEndOfMonth(),
                first.equals(last) ? first.toString() : first + "/" + last);
    }

    static Period year(int year) {
        return years(year, year);
    }

    static Period years(int first, int last) {
        return new Period(Precision.YEAR, LocalDate.of(first, 1, 1), LocalDate.of(last, 12, 31),
                first == last ? isoYear(first) : isoYear(first) + "/" + isoYear(last));
    }

    /** The three months starting with {@code firstMonth}, written as a span of months. */
    static Period season(YearMonth firstMonth) {
        YearMonth lastMonth = firstMonth.plusMonths(2);
        return new Period(Precision.SEASON, firstMonth.atDay(1), lastMonth.atEndOfMonth(), firstMonth + "/" + lastMonth);
    }

    /** This day at a time of day, with the offset the writer's zone has then. */
    Period at(LocalTime time, ZoneId zone) {
        return new Period(Precision.TIME, first, last, ZonedDateTime.of(first, time, zone).format(OFFSET_DATE_TIME));
    }

    boolean isSingleDay() {
        return precision == Precision.DAY && first.equals(last);
    }

    private static String isoWeek(LocalDate day) {
        return String.format(Locale.ROOT, "%04d-W%02d",
                day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static String isoYear(int year) {
        return String.format(Locale.ROOT, "%04d", year);
    }
}
