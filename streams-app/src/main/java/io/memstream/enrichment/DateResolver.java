package io.memstream.enrichment;

import static java.time.temporal.TemporalAdjusters.next;
import static java.time.temporal.TemporalAdjusters.nextOrSame;
import static java.time.temporal.TemporalAdjusters.previous;
import static java.time.temporal.TemporalAdjusters.previousOrSame;

import io.memstream.schemas.ResolvedDate;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds English date phrases in a text and resolves them against the instant the text was written and the
 * writer's time zone. Deterministic: the result depends on the arguments only, never on the clock or the
 * machine's zone or locale.
 *
 * <p>Recognised phrases (case-insensitive) are listed in one table, {@code PHRASES}. Where English is ambiguous
 * these rules apply, with weeks starting on Monday and "today" being the writer's local date:
 * <ul>
 *   <li>"Friday", "on Friday", "this Friday": the first Friday strictly after today. Said on a Friday they mean
 *       the Friday a week later; the same day is written "today" or "tonight".</li>
 *   <li>"next Friday": the Friday of the next calendar week. On Wednesday 2026-03-04 "this Friday" is 2026-03-06
 *       and "next Friday" is 2026-03-13; on Sunday 2026-03-08 both are 2026-03-13.</li>
 *   <li>"last Friday": the most recent Friday strictly before today.</li>
 *   <li>"next week" / "last week": the Monday of that week; "next month" / "last month": its first day;
 *       "next year" / "last year": its 1 January.</li>
 *   <li>"in N days/weeks/months/years", "N ... from now", "N ... ago": calendar arithmetic, N in digits,
 *       one to twelve, or "a"/"an" ("in a month" from 31 January is the last day of February).</li>
 *   <li>A day and month without a year ("March 3rd", "3rd of March"): the first such date on or after today.
 *       Impossible dates ("February 30", "2026-13-01") are not dates and are left out.</li>
 *   <li>"tonight": today's date.</li>
 *   <li>A time of day counts only next to a date phrase, after it ("tomorrow at 7pm", "Friday at 19:30") or before
 *       it ("at 7:30 am tomorrow"), and needs am/pm or minutes: a bare "at 7" cannot tell morning from evening,
 *       so it is left out of the phrase. With "tonight", hours 1 to 11 without am/pm are evening hours. A phrase
 *       with a time resolves to an ISO offset date-time in the writer's zone (2026-03-06T19:00+01:00), one
 *       without to an ISO date (2026-03-06).</li>
 *   <li>Prepositions are not part of a phrase ("on Friday" gives "Friday"). When matches overlap, the longest
 *       wins ("the day after tomorrow" over "tomorrow"), the earlier one on a tie; results are in text order.</li>
 *   <li>A null, blank or unknown zone id means UTC.</li>
 * </ul>
 */
public final class DateResolver {

    /**
     * A date phrase found in a text.
     *
     * @param text the phrase as written, including an attached time of day
     * @param resolved ISO-8601 date, or offset date-time when the phrase has a time of day
     * @param day the calendar day the phrase resolves to, in the writer's zone
     * @param start index of the phrase's first character in the text
     * @param end index after the phrase's last character in the text
     */
    public record ResolvedPhrase(String text, String resolved, LocalDate day, int start, int end) {

        /** The phrase as the memory contract writes it. */
        public ResolvedDate toResolvedDate() {
            String precision = resolved.contains("T") ? "TIME" : "DAY";
            return new ResolvedDate(text, resolved, precision, day.toString(), day.toString());
        }
    }

    /** How a matched phrase becomes a day; may throw {@link DateTimeException} for an impossible date. */
    @FunctionalInterface
    private interface DayRule {
        LocalDate resolve(MatchResult match, LocalDate today);
    }

    /** A phrase pattern, matched case-insensitively on word boundaries; a space stands for any whitespace run. */
    private record Phrase(Pattern pattern, DayRule rule) {
        Phrase(String regex, DayRule rule) {
            this(Pattern.compile("\\b(?:" + regex.replace(" ", "\\s+") + ")\\b", Pattern.CASE_INSENSITIVE), rule);
        }
    }

    private static final String WEEKDAY = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private static final String MONTH =
            "(january|february|march|april|may|june|july|august|september|october|november|december"
                    + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private static final String DAY_OF_MONTH = "(\\d{1,2})(?:st|nd|rd|th)?";
    private static final String OPTIONAL_YEAR = "(?:,? (\\d{4}))?";
    private static final String COUNT = "(\\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final String UNIT = "(day|week|month|year)s?";

    /** Every recognised phrase, in one place. Groups are read by the rule next to the pattern. */
    private static final List<Phrase> PHRASES = List.of(
            new Phrase("today|tonight", (m, today) -> today),
            new Phrase("tomorrow", (m, today) -> today.plusDays(1)),
            new Phrase("yesterday", (m, today) -> today.minusDays(1)),
            new Phrase("the day after tomorrow", (m, today) -> today.plusDays(2)),
            new Phrase("the day before yesterday", (m, today) -> today.minusDays(2)),
            new Phrase("(?:this )?" + WEEKDAY, (m, today) -> today.with(next(weekday(m.group(1))))),
            new Phrase("next " + WEEKDAY,
                    (m, today) -> today.with(next(DayOfWeek.MONDAY)).with(nextOrSame(weekday(m.group(1))))),
            new Phrase("last " + WEEKDAY, (m, today) -> today.with(previous(weekday(m.group(1))))),
            new Phrase("next week", (m, today) -> today.with(next(DayOfWeek.MONDAY))),
            new Phrase("last week", (m, today) -> today.with(previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1)),
            new Phrase("next month", (m, today) -> today.plusMonths(1).withDayOfMonth(1)),
            new Phrase("last month", (m, today) -> today.minusMonths(1).withDayOfMonth(1)),
            new Phrase("next year", (m, today) -> LocalDate.of(today.getYear() + 1, 1, 1)),
            new Phrase("last year", (m, today) -> LocalDate.of(today.getYear() - 1, 1, 1)),
            new Phrase("in " + COUNT + " " + UNIT,
                    (m, today) -> today.plus(count(m.group(1)), unit(m.group(2)))),
            new Phrase(COUNT + " " + UNIT + " from now",
                    (m, today) -> today.plus(count(m.group(1)), unit(m.group(2)))),
            new Phrase(COUNT + " " + UNIT + " ago",
                    (m, today) -> today.minus(count(m.group(1)), unit(m.group(2)))),
            // "March 3", "March 3rd", "Mar. 3", "March the 3rd", "March 3, 2027"
            new Phrase(MONTH + "\\.? (?:the )?" + DAY_OF_MONTH + OPTIONAL_YEAR,
                    (m, today) -> dayOfMonth(today, month(m.group(1)), m.group(2), m.group(3))),
            // "3 March", "3rd of March", "the 3rd of March", "3 March 2027"
            new Phrase("(?:the )?" + DAY_OF_MONTH + " (?:of )?" + MONTH + OPTIONAL_YEAR,
                    (m, today) -> dayOfMonth(today, month(m.group(2)), m.group(1), m.group(3))),
            new Phrase("(\\d{4})-(\\d{2})-(\\d{2})", (m, today) -> LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))));

    private static final String TIME_OF_DAY = "(\\d{1,2})(?::([0-5]\\d))?\\s*(a\\.m\\.|p\\.m\\.|am|pm)?";
    private static final Pattern TIME_AFTER_PHRASE =
            Pattern.compile("\\s*,?\\s+at\\s+" + TIME_OF_DAY + "(?!\\w)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_BEFORE_PHRASE =
            Pattern.compile("\\bat\\s+" + TIME_OF_DAY + "\\s+(?:on\\s+)?$", Pattern.CASE_INSENSITIVE);
    /** Longest text "at 12:30 p.m. on " can take, with some slack for extra spaces. */
    private static final int TIME_BEFORE_PHRASE_WINDOW = 32;

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("a", 1), Map.entry("an", 1), Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12));

    /** The longest leap-year gap (1896 to 1904): how far "February 29" may look ahead. */
    private static final int MAX_YEARS_TO_NEXT_DAY_OF_MONTH = 8;

    private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX");

    private DateResolver() {
    }

    /**
     * The date phrases of {@code text}, in text order and without overlaps.
     *
     * @param text any text; null or blank gives an empty list
     * @param reference when the text was written: relative phrases count from the writer's local date at that instant
     * @param timezone IANA zone id of the writer; null, blank or unknown means UTC
     */
    public static List<ResolvedPhrase> resolve(String text, Instant reference, String timezone) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        ZoneId zone = zoneOrUtc(timezone);
        LocalDate today = LocalDate.ofInstant(reference, zone);
        List<Candidate> candidates = new ArrayList<>();
        for (Phrase phrase : PHRASES) {
            Matcher matcher = phrase.pattern().matcher(text);
            while (matcher.find()) {
                LocalDate day = dayOf(phrase, matcher, today);
                if (day != null) {
                    candidates.add(withTimeOfDay(text, matcher.start(), matcher.end(), day));
                }
            }
        }
        return withoutOverlaps(candidates).stream().map(candidate -> candidate.toPhrase(text, zone)).toList();
    }

    /** The zone with this IANA id; UTC when the id is null, blank or unknown, so bad input never fails a batch. */
    public static ZoneId zoneOrUtc(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException unknownZone) {
            return ZoneOffset.UTC;
        }
    }

    private static LocalDate dayOf(Phrase phrase, MatchResult match, LocalDate today) {
        try {
            return phrase.rule().resolve(match, today);
        } catch (DateTimeException impossibleDate) {
            return null;
        }
    }

    private record Candidate(int start, int end, LocalDate day, LocalTime time) {

        int length() {
            return end - start;
        }

        boolean overlaps(Candidate other) {
            return start < other.end && other.start < end;
        }

        ResolvedPhrase toPhrase(String text, ZoneId zone) {
            String resolved = time == null
                    ? day.toString()
                    : ZonedDateTime.of(day, time, zone).format(OFFSET_DATE_TIME);
            return new ResolvedPhrase(text.substring(start, end), resolved, day, start, end);
        }
    }

    private static Candidate withTimeOfDay(String text, int start, int end, LocalDate day) {
        boolean tonight = text.substring(start, end).equalsIgnoreCase("tonight");
        Matcher after = TIME_AFTER_PHRASE.matcher(text).region(end, text.length());
        if (after.lookingAt()) {
            LocalTime time = timeOfDay(after, tonight);
            if (time != null) {
                return new Candidate(start, after.end(), day, time);
            }
        }
        Matcher before = TIME_BEFORE_PHRASE.matcher(text)
                .region(Math.max(0, start - TIME_BEFORE_PHRASE_WINDOW), start)
                .useTransparentBounds(true);
        if (before.find()) {
            LocalTime time = timeOfDay(before, tonight);
            if (time != null) {
                return new Candidate(before.start(), end, day, time);
            }
        }
        return new Candidate(start, end, day, null);
    }

    /** The time of day of a {@link #TIME_OF_DAY} match, or null when it is not a valid or unambiguous time. */
    private static LocalTime timeOfDay(MatchResult match, boolean tonight) {
        int hour = Integer.parseInt(match.group(1));
        String minutes = match.group(2);
        String meridiem = match.group(3);
        int minute = minutes == null ? 0 : Integer.parseInt(minutes);
        if (meridiem != null) {
            if (hour < 1 || hour > 12) {
                return null;
            }
            boolean afternoon = meridiem.toLowerCase(Locale.ROOT).startsWith("p");
            return LocalTime.of(hour % 12 + (afternoon ? 12 : 0), minute);
        }
        if (minutes == null || hour > 23) {
            return null;
        }
        return LocalTime.of(tonight && hour >= 1 && hour <= 11 ? hour + 12 : hour, minute);
    }

    private static List<Candidate> withoutOverlaps(List<Candidate> candidates) {
        List<Candidate> longestFirst = new ArrayList<>(candidates);
        longestFirst.sort(Comparator.comparingInt(Candidate::length).reversed().thenComparingInt(Candidate::start));
        List<Candidate> kept = new ArrayList<>();
        for (Candidate candidate : longestFirst) {
            if (kept.stream().noneMatch(candidate::overlaps)) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Candidate::start));
        return kept;
    }

    private static DayOfWeek weekday(String name) {
        return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Month month(String name) {
        String prefix = name.substring(0, 3).toUpperCase(Locale.ROOT);
        return Arrays.stream(Month.values()).filter(month -> month.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static int count(String digitsOrWord) {
        Integer word = NUMBER_WORDS.get(digitsOrWord.toLowerCase(Locale.ROOT));
        return word != null ? word : Integer.parseInt(digitsOrWord);
    }

    private static ChronoUnit unit(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "day" -> ChronoUnit.DAYS;
            case "week" -> ChronoUnit.WEEKS;
            case "month" -> ChronoUnit.MONTHS;
            default -> ChronoUnit.YEARS;
        };
    }

    private static LocalDate dayOfMonth(LocalDate today, Month month, String day, String year) {
        int dayOfMonth = Integer.parseInt(day);
        if (year != null) {
            return LocalDate.of(Integer.parseInt(year), month, dayOfMonth);
        }
        for (int candidateYear = today.getYear();
                candidateYear <= today.getYear() + MAX_YEARS_TO_NEXT_DAY_OF_MONTH; candidateYear++) {
            if (dayOfMonth <= month.length(Year.isLeap(candidateYear))) {
                LocalDate date = LocalDate.of(candidateYear, month, dayOfMonth);
                if (!date.isBefore(today)) {
                    return date;
                }
            }
        }
        throw new DateTimeException("No " + month + " " + day + " ahead");
    }
}
