package io.memstream.enrichment.llm;

import io.memstream.domain.DateResolver.Precision;
import io.memstream.domain.DateResolver.ResolvedPhrase;
import io.memstream.domain.DateResolver;
import io.memstream.domain.Tense;
import io.memstream.schemas.ResolvedDate;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a date as a model wrote it into the contract's form (docs/memories.md, "Dates"): ISO 8601 at its precision,
 * {@code first/last} for a span. Besides the contract's forms it reads what has one meaning only: "2023/05/07",
 * "07.05.2023" (day first, as dots are written), "May 7th, 2023", a date-time without offset (taken in the writer's
 * zone), and "07/05/2023" only when one of the first two numbers is above 12. Anything else, "07/05/2023" included,
 * is not a date: a wrong day is worse than none.
 */
final class ModelDates {

    /** A value in the contract's form. */
    record ModelDate(String resolved, Precision precision, LocalDate first, LocalDate last) {

        ResolvedDate toResolvedDate(String text) {
            return new ResolvedDate(text, resolved, precision.name(), first.toString(), last.toString());
        }
    }

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern DAY = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})");
    private static final Pattern DOTTED_DAY = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})");
    private static final Pattern SLASHED_DAY = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2})(?::\\d{2}(?:\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\b\\d{4}\\b");
    private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX");
    private static final int MONTHS_IN_YEAR = 12;
    private static final int MONTHS_IN_SEASON = 3;

    private ModelDates() {
    }

    /**
     * @param value what the model wrote; null gives empty
     * @param precision the precision the model named, or null: it tells a season from another three-month span
     * @param zone the writer's zone, for a date-time written without offset
     * @param reference when the message was written, for reading month names (a value without a year is refused)
     */
    static Optional<ModelDate> read(String value, String precision, ZoneId zone, Instant reference) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        try {
            int slash = text.indexOf('/');
            if (slash > 0 && !SLASHED_DAY.matcher(text).matches() && !DAY.matcher(text).matches()) {
                return span(read(text.substring(0, slash), precision, zone, reference),
                        read(text.substring(slash + 1), precision, zone, reference), precision);
            }
            return Optional.ofNullable(single(text, zone, reference));
        } catch (DateTimeException | NumberFormatException impossible) {
            return Optional.empty();
        }
    }

    private static ModelDate single(String text, ZoneId zone, Instant reference) {
        Matcher m;
        if ((m = YEAR.matcher(text)).matches()) {
            int year = Integer.parseInt(m.group(1));
            return new ModelDate(m.group(1), Precision.YEAR, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        if ((m = MONTH.matcher(text)).matches()) {
            YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            return new ModelDate(month.toString(), Precision.MONTH, month.atDay(1), month.atEndOfMonth());
        }
        if ((m = WEEK.matcher(text)).matches()) {
            LocalDate monday = LocalDate.of(Integer.parseInt(m.group(1)), 1, 4)
                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(m.group(2)))
                    .with(DayOfWeek.MONDAY);
            // Week 53 of a year that has 52 rolls over into the next year rather than failing.
            if (monday.get(IsoFields.WEEK_BASED_YEAR) != Integer.parseInt(m.group(1))) {
                return null;
            }
            return new ModelDate(text, Precision.WEEK, monday, monday.plusDays(6));
        }
        if ((m = DAY.matcher(text)).matches()) {
            return day(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        if ((m = DOTTED_DAY.matcher(text)).matches()) {
            return day(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        }
        if ((m = SLASHED_DAY.matcher(text)).matches()) {
            int first = Integer.parseInt(m.group(1));
            int second = Integer.parseInt(m.group(2));
            int year = Integer.parseInt(m.group(3));
            if (first == second || (first > MONTHS_IN_YEAR) != (second > MONTHS_IN_YEAR)) {
                return first > MONTHS_IN_YEAR ? day(year, second, first) : day(year, first, second);
            }
            return null;
        }
        if ((m = TIME.matcher(text)).matches()) {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2));
            OffsetDateTime time = m.group(3) == null ? local.atZone(zone).toOffsetDateTime()
                    : local.atOffset(ZoneOffset.of(m.group(3).length() == 5
                            ? m.group(3).substring(0, 3) + ":" + m.group(3).substring(3) : m.group(3)));
            return new ModelDate(time.format(OFFSET_DATE_TIME), Precision.TIME, local.toLocalDate(), local.toLocalDate());
        }
        if (FOUR_DIGIT_YEAR.matcher(text).find()) {
            List<ResolvedPhrase> phrases = DateResolver.resolve(text, reference, zone.getId(), Tense.PRESENT_OR_FUTURE);
            if (phrases.size() == 1 && phrases.get(0).text().length() == text.length()) {
                ResolvedPhrase phrase = phrases.get(0);
                return new ModelDate(phrase.resolved(), phrase.precision(), phrase.firstDay(), phrase.lastDay());
            }
        }
        return null;
    }

    private static ModelDate day(int year, int month, int dayOfMonth) {
        LocalDate day = LocalDate.of(year, month, dayOfMonth);
        return new ModelDate(day.toString(), Precision.DAY, day, day);
    }

    /** Two ends of one precision, in order; months that make a meteorological season are one when the model says so. */
    private static Optional<ModelDate> span(Optional<ModelDate> from, Optional<ModelDate> to, String precision) {
        if (from.isEmpty() || to.isEmpty() || from.get().precision() != to.get().precision()
                || from.get().precision() == Precision.TIME || from.get().first().isAfter(to.get().first())) {
            return Optional.empty();
        }
        ModelDate first = from.get();
        ModelDate last = to.get();
        if (first.resolved().equals(last.resolved())) {
            return from;
        }
        boolean season = "SEASON".equals(precision) && first.precision() == Precision.MONTH
                && first.first().getMonthValue() % MONTHS_IN_SEASON == 0
                && YearMonth.from(first.first()).plusMonths(MONTHS_IN_SEASON - 1).equals(YearMonth.from(last.first()));
        return Optional.of(new ModelDate(first.resolved() + "/" + last.resolved(),
                season ? Precision.SEASON : first.precision(), first.first(), last.last()));
    }
}
