package io.memstream.domain;

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
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds English date phrases in a text and resolves them, at their own precision, against the instant the text was
 * written and the writer's time zone, as docs/memories.md ("Dates") specifies. Deterministic: the result depends on
 * the arguments only, never on the clock or the machine's zone or locale.
 *
 * <p>Written here rather than taken from a library: the natural-language date parsers for Java (Natty, Hawking)
 * resolve every phrase to an instant, so "last year" or "a few weeks ago" would lose exactly the precision the
 * contract keeps, and their notion of "next Friday" or "the weekend" differs from the contract's.
 *
 * <p>Recognised phrases (case-insensitive) are listed in one table, {@code PHRASES}. Beyond the contract's table:
 * <ul>
 *   <li>"Friday", "on Friday", "this Friday": the first Friday strictly after today, or in a past-tense sentence the
 *       last one strictly before it; the same day is written "today".</li>
 *   <li>"in N days/weeks/months/years", "N ... from now", "N ... ago": calendar arithmetic at the unit's precision
 *       (the week, month or year of the day reached), N in digits, one to twelve, "a"/"an" or "a couple (of)".</li>
 *   <li>Impossible dates ("February 30", "2026-13-01") are not dates and are left out.</li>
 *   <li>"fall" is a season only next to last/this/next or a year: "injured in the fall" is no date.</li>
 *   <li>A range "from Monday to Wednesday" / "between May 3 and May 5" / "May 3-5": ahead, its first day is the first
 *       on or after today and its last the first on or after that; in a past-tense sentence its last day is the
 *       last on or before today and its first the last on or before that.</li>
 *   <li>A time of day counts only next to a single-day phrase, after it ("tomorrow at 7pm") or before it ("at 7:30 am
 *       tomorrow"), and needs am/pm or minutes: a bare "at 7" cannot tell morning from evening. With "tonight",
 *       "evening" or "night", hours 1 to 11 without am/pm are evening hours.</li>
 *   <li>"on" is not part of a phrase ("on Friday" gives "Friday"); "in", "since", "from" and "between" are. When
 *       matches overlap, the longest wins, the earlier one on a tie; results are in text order.</li>
 *   <li>A null, blank or unknown zone id means UTC.</li>
 * </ul>
 */
public final class DateResolver {

    /** What a phrase pins down, coarsest first. */
    public enum Precision { YEAR, SEASON, MONTH, WEEK, DAY, TIME }

    /**
     * A date phrase found in a text.
     *
     * @param text the phrase as written, including an attached time of day
     * @param resolved ISO 8601 at the phrase's precision, {@code first/last} for a span
     * @param firstDay the first calendar day the phrase covers, in the writer's zone
     * @param lastDay the last calendar day the phrase covers (inclusive), in the writer's zone
     * @param start index of the phrase's first character in the text
     * @param end index after the phrase's last character in the text
     */
    public record ResolvedPhrase(String text, String resolved, Precision precision, LocalDate firstDay,
                                 LocalDate lastDay, int start, int end) {

        /** The phrase as the memory contract writes it. */
        public ResolvedDate toResolvedDate() {
            return new ResolvedDate(text, resolved, precision.name(), firstDay.toString(), lastDay.toString());
        }
    }

    /** How a matched phrase becomes a period; may throw {@link DateTimeException} for an impossible date. */
    @FunctionalInterface
    private interface Rule {
        Period resolve(MatchResult match, LocalDate today, Tense tense);
    }

    /**
     * A phrase pattern, matched case-insensitively on word boundaries; a space stands for any whitespace run.
     *
     * <p>Its cues say which words every match holds (in lower case): groups separated by {@code &}, each of words
     * separated by spaces, one word of every group in each match. Most sentences name no date, and looking for a word
     * is much cheaper than running the pattern, so a phrase is not run on a text that lacks all words of a group.
     */
    private record Phrase(Pattern pattern, List<List<String>> cues, Rule rule) {
        Phrase(String cues, String regex, Rule rule) {
            this(Pattern.compile("\\b(?:" + regex.replace(" ", "\\s+") + ")\\b", Pattern.CASE_INSENSITIVE),
                    Stream.of(cues.split(" & ")).map(group -> List.of(group.split(" "))).toList(), rule);
        }

        boolean mayMatch(String lowerCaseText) {
            for (List<String> group : cues) {
                if (!containsAny(lowerCaseText, group)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean containsAny(String text, List<String> words) {
            for (String word : words) {
                if (text.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday";
    /** Every name of {@link #MONTH} holds one of these. */
    private static final String MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec";
    private static final String SEASONS = "spring summer autumn fall winter";
    private static final String UNITS = "day week month year";
    private static final String DIGITS = "0 1 2 3 4 5 6 7 8 9";
    private static final String DASHES = "- –";

    private static final String WEEKDAY = "(" + WEEKDAYS.replace(' ', '|') + ")";
    private static final String MONTH =
            "(january|february|march|april|may|june|july|august|september|october|november|december"
                    + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private static final String DAY_OF_MONTH = "(\\d{1,2})(?:st|nd|rd|th)?";
    private static final String ORDINAL_DAY = "(\\d{1,2})(?:st|nd|rd|th)";
    private static final String OPTIONAL_YEAR = "(?:,? (\\d{4}))?";
    private static final String YEAR = "((?:19|20)\\d{2})";
    private static final String COUNT =
            "(\\d{1,4}|a couple(?: of)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final String UNIT = "(day|week|month|year)s?";
    private static final String SEASON = "(" + SEASONS.replace(' ', '|') + ")";
    private static final String SEASON_NOT_FALL = "(spring|summer|autumn|winter)";
    private static final String DASH = "\\s*[-–]\\s*";
    private static final String TO = "(?:to|until|till|through|-|–)";
    /** Words after "on the 2nd" that make it no day of the month. */
    private static final String NOT_A_DAY =
            "(?:floor|time|try|attempt|round|place|grade|row|step|level|page|chapter|episode|day|week|month|year|one)\\b";

    /** Every recognised phrase, in one place. Groups are read by the rule next to the pattern. */
    private static final List<Phrase> PHRASES = List.of(
            new Phrase("today tonight morning afternoon evening", "today|tonight|this (?:morning|afternoon|evening)",
                    (m, today, tense) -> Period.day(today)),
            new Phrase("tomorrow", "tomorrow(?: (?:morning|afternoon|evening|night))?",
                    (m, today, tense) -> Period.day(today.plusDays(1))),
            new Phrase("yesterday night", "yesterday(?: (?:morning|afternoon|evening))?|last night",
                    (m, today, tense) -> Period.day(today.minusDays(1))),
            new Phrase("tomorrow", "the day after tomorrow", (m, today, tense) -> Period.day(today.plusDays(2))),
            new Phrase("yesterday", "the day before yesterday", (m, today, tense) -> Period.day(today.minusDays(2))),

            new Phrase(WEEKDAYS, "(?:this )?" + WEEKDAY, (m, today, tense) -> Period.day(today.with(
                    tense == Tense.PAST ? previous(weekday(m.group(1))) : next(weekday(m.group(1)))))),
            new Phrase("next & " + WEEKDAYS, "next " + WEEKDAY, (m, today, tense) ->
                    Period.day(today.with(next(DayOfWeek.MONDAY)).with(nextOrSame(weekday(m.group(1)))))),
            new Phrase("last & " + WEEKDAYS, "last " + WEEKDAY,
                    (m, today, tense) -> Period.day(today.with(previous(weekday(m.group(1)))))),
            new Phrase("since & " + WEEKDAYS, "since " + WEEKDAY,
                    (m, today, tense) -> Period.day(today.with(previous(weekday(m.group(1)))))),
            new Phrase("weekend", "(?:this|the) weekend", (m, today, tense) -> tense == Tense.PAST
                    ? weekend(today.with(previous(DayOfWeek.SATURDAY)))
                    : weekend(today.with(nextOrSame(DayOfWeek.SUNDAY)).minusDays(1))),
            new Phrase("weekend", "last weekend",
                    (m, today, tense) -> weekend(today.with(previousOrSame(DayOfWeek.MONDAY)).minusDays(2))),
            new Phrase("weekend", "next weekend",
                    (m, today, tense) -> weekend(today.with(next(DayOfWeek.MONDAY)).plusDays(5))),

            new Phrase("this & week", "this week", (m, today, tense) -> Period.week(today)),
            new Phrase("last & week", "last week", (m, today, tense) -> Period.week(today.minusWeeks(1))),
            new Phrase("next & week", "next week", (m, today, tense) -> Period.week(today.plusWeeks(1))),
            new Phrase("earlier", "earlier this week",
                    (m, today, tense) -> earlierSince(today, today.with(previousOrSame(DayOfWeek.MONDAY)))),
            new Phrase("this & month", "this month", (m, today, tense) -> Period.month(YearMonth.from(today))),
            new Phrase("last & month", "last month",
                    (m, today, tense) -> Period.month(YearMonth.from(today).minusMonths(1))),
            new Phrase("next & month", "next month",
                    (m, today, tense) -> Period.month(YearMonth.from(today).plusMonths(1))),
            new Phrase("earlier", "earlier this month",
                    (m, today, tense) -> earlierSince(today, today.withDayOfMonth(1))),
            new Phrase("this & year", "this year", (m, today, tense) -> Period.year(today.getYear())),
            new Phrase("last & year", "last year", (m, today, tense) -> Period.year(today.getYear() - 1)),
            new Phrase("next & year", "next year", (m, today, tense) -> Period.year(today.getYear() + 1)),
            new Phrase(DIGITS, "(?:back in|in|since) " + YEAR,
                    (m, today, tense) -> Period.year(Integer.parseInt(m.group(1)))),

            new Phrase("in & " + MONTHS, "in " + MONTH,
                    (m, today, tense) -> Period.month(monthNamed(today, month(m.group(1)), tense))),
            new Phrase("since & " + MONTHS, "since " + MONTH,
                    (m, today, tense) -> Period.month(monthNamed(today, month(m.group(1)), Tense.PAST))),
            new Phrase(DIGITS + " & " + MONTHS, "(?:in )?" + MONTH + ",? " + YEAR,
                    (m, today, tense) -> Period.month(YearMonth.of(Integer.parseInt(m.group(2)), month(m.group(1))))),
            // "March 3", "March 3rd", "Mar. 3", "March the 3rd", "March 3, 2027"
            new Phrase(DIGITS + " & " + MONTHS, MONTH + "\\.? (?:the )?" + DAY_OF_MONTH + OPTIONAL_YEAR,
                    (m, today, tense) -> Period.day(
                            dayOfMonth(today, month(m.group(1)), m.group(2), m.group(3), tense))),
            // "3 March", "3rd of March", "the 3rd of March", "3 March 2027"
            new Phrase(DIGITS + " & " + MONTHS, "(?:the )?" + DAY_OF_MONTH + " (?:of )?" + MONTH + OPTIONAL_YEAR,
                    (m, today, tense) -> Period.day(
                            dayOfMonth(today, month(m.group(2)), m.group(1), m.group(3), tense))),
            new Phrase("- & " + DIGITS, "(\\d{4})-(\\d{2})-(\\d{2})", (m, today, tense) -> Period.day(LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))))),
            new Phrase("the & " + DIGITS, "(?<=\\b(?:on|was|is)\\s)the " + ORDINAL_DAY + "(?! " + NOT_A_DAY + ")",
                    (m, today, tense) -> Period.day(dayOfAMonth(today, Integer.parseInt(m.group(1)), tense))),

            new Phrase(UNITS, "in " + COUNT + " " + UNIT,
                    (m, today, tense) -> counted(today, count(m.group(1)), m.group(2))),
            new Phrase("now & " + UNITS, COUNT + " " + UNIT + " from now",
                    (m, today, tense) -> counted(today, count(m.group(1)), m.group(2))),
            new Phrase("ago & " + UNITS, COUNT + " " + UNIT + " ago",
                    (m, today, tense) -> counted(today, -count(m.group(1)), m.group(2))),
            new Phrase("few & ago", "a few " + UNIT + " ago", (m, today, tense) -> aFew(today, -1, m.group(1))),
            new Phrase("few", "in a few " + UNIT, (m, today, tense) -> aFew(today, 1, m.group(1))),

            new Phrase("last & " + SEASONS, "last " + SEASON,
                    (m, today, tense) -> Seasons.last(season(m.group(1)), today)),
            new Phrase("this & " + SEASONS, "this " + SEASON,
                    (m, today, tense) -> Seasons.current(season(m.group(1)), today)),
            new Phrase("next & " + SEASONS, "next " + SEASON,
                    (m, today, tense) -> Seasons.next(season(m.group(1)), today)),
            new Phrase(DIGITS + " & " + SEASONS, "(?:in )?(?:the )?" + SEASON + " (?:of )?" + YEAR,
                    (m, today, tense) -> Seasons.of(season(m.group(1)), Integer.parseInt(m.group(2)))),
            new Phrase(SEASONS, "in (?:the )?" + SEASON_NOT_FALL, (m, today, tense) -> tense == Tense.PAST
                    ? Seasons.lastOrCurrent(season(m.group(1)), today)
                    : Seasons.currentOrNext(season(m.group(1)), today)),

            new Phrase("from between & " + WEEKDAYS,
                    "(?:from " + WEEKDAY + " " + TO + "|between " + WEEKDAY + " and) " + WEEKDAY,
                    (m, today, tense) -> weekdayRange(today,
                            weekday(m.group(1) != null ? m.group(1) : m.group(2)), weekday(m.group(3)), tense)),
            // "between May 3 and May 5", "between May 3 and 5"
            new Phrase("between & " + DIGITS + " & " + MONTHS,
                    "between " + MONTH + " " + DAY_OF_MONTH + " and (?:" + MONTH + " )?" + DAY_OF_MONTH + OPTIONAL_YEAR,
                    DateResolver::monthDayRange),
            // "from May 3 to May 5", "April 10 to April 24", "May 3 until 5"
            new Phrase(DIGITS + " & " + MONTHS,
                    "(?:from )?" + MONTH + " " + DAY_OF_MONTH + " " + TO + " (?:" + MONTH + " )?" + DAY_OF_MONTH
                            + OPTIONAL_YEAR, DateResolver::monthDayRange),
            // "May 3-5", "May 3-5, 2023"
            new Phrase(DASHES + " & " + DIGITS + " & " + MONTHS,
                    MONTH + " " + DAY_OF_MONTH + DASH + DAY_OF_MONTH + OPTIONAL_YEAR,
                    (m, today, tense) -> dayRange(
                            today, month(m.group(1)), m.group(2), month(m.group(1)), m.group(3), m.group(4), tense)),
            // "3-5 May", "3rd-5th of May"
            new Phrase(DASHES + " & " + DIGITS + " & " + MONTHS,
                    DAY_OF_MONTH + DASH + DAY_OF_MONTH + " (?:of )?" + MONTH + OPTIONAL_YEAR,
                    (m, today, tense) -> dayRange(today, month(m.group(3)), m.group(1), month(m.group(3)), m.group(2),
                            m.group(4), tense)));

    private static final String TIME_OF_DAY = "(\\d{1,2})(?::([0-5]\\d))?\\s*(a\\.m\\.|p\\.m\\.|am|pm)?";
    private static final Pattern TIME_AFTER_PHRASE =
            Pattern.compile("\\s*,?\\s+at\\s+" + TIME_OF_DAY + "(?!\\w)", Pattern.CASE_INSENSITIVE);
    /** "by Saturday 6am", "Friday 7:30pm": a time right after the day, without "at", needs am or pm. */
    private static final Pattern CLOCK_TIME_AFTER_PHRASE =
            Pattern.compile("\\s+(\\d{1,2})(?::([0-5]\\d))?\\s*(a\\.m\\.|p\\.m\\.|am|pm)(?!\\w)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_BEFORE_PHRASE =
            Pattern.compile("\\bat\\s+" + TIME_OF_DAY + "\\s+(?:on\\s+)?$", Pattern.CASE_INSENSITIVE);
    /** Longest text "at 12:30 p.m. on " can take, with some slack for extra spaces. */
    private static final int TIME_BEFORE_PHRASE_WINDOW = 32;
    /** Phrases after which an hour without am/pm is an evening hour ("tonight at 8:30"). */
    private static final Pattern EVENING = Pattern.compile("tonight|evening|night", Pattern.CASE_INSENSITIVE);
    /** Where a sentence ends, for the tense of the sentence a phrase is in; "1.2 km" and "12:30" end nothing. */
    private static final Pattern SENTENCE_END = Pattern.compile("[!?;…\\n]|\\.(?!\\d)");
    /** Where a clause ends: "I went to Rome in May, and I'll go again in June". */
    private static final Pattern CLAUSE_END = Pattern.compile(
            "[!?;…\\n]|[.:,](?!\\d)|\\s(?:and|but|so|because|though|although)\\s", Pattern.CASE_INSENSITIVE);

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("a", 1), Map.entry("an", 1), Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12));
    /** "a couple" is two; "a few" is two to four. */
    private static final int COUPLE = 2;
    private static final int FEW_MIN = 2;
    private static final int FEW_MAX = 4;

    /** The longest leap-year gap (1896 to 1904): how far "February 29" may look. */
    private static final int MAX_YEARS_TO_DAY_OF_MONTH = 8;
    /** How far "on the 31st" may look for a month that has that day. */
    private static final int MAX_MONTHS_TO_DAY = 12;

    private DateResolver() {
    }

    /**
     * The date phrases of {@code text}, in text order and without overlaps; each phrase takes the tense
     * {@link Tense#of} guesses for the sentence it is in.
     *
     * @param text any text; null or blank gives an empty list
     * @param reference when the text was written: relative phrases count from the writer's local date at that instant
     * @param timezone IANA zone id of the writer; null, blank or unknown means UTC
     */
    public static List<ResolvedPhrase> resolve(String text, Instant reference, String timezone) {
        return resolve(text, reference, timezone, null);
    }

    /**
     * As {@link #resolve(String, Instant, String)}, with the tense given: a phrase without a direction ("Saturday",
     * "in May") looks back when it is {@link Tense#PAST} and ahead otherwise.
     *
     * @param tense the tense of the whole text; null guesses it per sentence
     */
    public static List<ResolvedPhrase> resolve(String text, Instant reference, String timezone, Tense tense) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        ZoneId zone = zoneOrUtc(timezone);
        LocalDate today = LocalDate.ofInstant(reference, zone);
        List<Candidate> candidates = new ArrayList<>();
        String lowerCase = text.toLowerCase(Locale.ROOT);
        // the phrases of one clause ("next Friday", "Friday") share its tense, which takes a few scans to read
        Map<String, Optional<Tense>> cuedTenses = new HashMap<>();
        for (Phrase phrase : PHRASES) {
            if (!phrase.mayMatch(lowerCase)) {
                continue;
            }
            Matcher matcher = phrase.pattern().matcher(text);
            while (matcher.find()) {
                Tense phraseTense = tense != null ? tense
                        : tenseAround(text, matcher.start(), matcher.end(), cuedTenses);
                Period period = periodOf(phrase, matcher, today, phraseTense);
                if (period != null) {
                    candidates.add(withTimeOfDay(text, matcher.start(), matcher.end(), period, zone));
                }
            }
        }
        return withoutOverlaps(candidates).stream().map(candidate -> candidate.toPhrase(text)).toList();
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

    private static Period periodOf(Phrase phrase, MatchResult match, LocalDate today, Tense tense) {
        try {
            return phrase.rule().resolve(match, today, tense);
        } catch (DateTimeException impossibleDate) {
            return null;
        }
    }

    /** The tense of the clause holding a phrase when it has a cue, else of its sentence. */
    private static Tense tenseAround(String text, int start, int end, Map<String, Optional<Tense>> cuedTenses) {
        return cuedTenses.computeIfAbsent(around(text, start, end, CLAUSE_END), Tense::cued)
                .or(() -> cuedTenses.computeIfAbsent(around(text, start, end, SENTENCE_END), Tense::cued))
                .orElse(Tense.PRESENT_OR_FUTURE);
    }

    /** The text from the boundary before a phrase to the boundary after it. */
    private static String around(String text, int start, int end, Pattern boundary) {
        int from = 0;
        Matcher before = boundary.matcher(text).region(0, start);
        while (before.find()) {
            from = before.end();
        }
        Matcher after = boundary.matcher(text).region(end, text.length());
        return text.substring(from, after.find() ? after.start() : text.length());
    }

    private record Candidate(int start, int end, Period period) {

        int length() {
            return end - start;
        }

        boolean overlaps(Candidate other) {
            return start < other.end && other.start < end;
        }

        ResolvedPhrase toPhrase(String text) {
            return new ResolvedPhrase(text.substring(start, end), period.iso(), period.precision(), period.first(),
                    period.last(), start, end);
        }
    }

    private static Candidate withTimeOfDay(String text, int start, int end, Period period, ZoneId zone) {
        if (!period.isSingleDay()) {
            return new Candidate(start, end, period);
        }
        boolean evening = EVENING.matcher(text.substring(start, end)).find();
        for (Pattern timeAfter : List.of(TIME_AFTER_PHRASE, CLOCK_TIME_AFTER_PHRASE)) {
            Matcher after = timeAfter.matcher(text).region(end, text.length());
            if (after.lookingAt()) {
                LocalTime time = timeOfDay(after, evening);
                if (time != null) {
                    return new Candidate(start, after.end(), period.at(time, zone));
                }
            }
        }
        Matcher before = TIME_BEFORE_PHRASE.matcher(text)
                .region(Math.max(0, start - TIME_BEFORE_PHRASE_WINDOW), start)
                .useTransparentBounds(true);
        if (before.find()) {
            LocalTime time = timeOfDay(before, evening);
            if (time != null) {
                return new Candidate(before.start(), end, period.at(time, zone));
            }
        }
        return new Candidate(start, end, period);
    }

    /** The time of day of a {@link #TIME_OF_DAY} match, or null when it is not a valid or unambiguous time. */
    private static LocalTime timeOfDay(MatchResult match, boolean evening) {
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
        return LocalTime.of(evening && hour >= 1 && hour <= 11 ? hour + 12 : hour, minute);
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

    private static Period weekend(LocalDate saturday) {
        return Period.days(saturday, saturday.plusDays(1));
    }

    /** From {@code since} to yesterday, or just today when today is {@code since}. */
    private static Period earlierSince(LocalDate today, LocalDate since) {
        return Period.days(since, today.equals(since) ? today : today.minusDays(1));
    }

    /** The day, week, month or year {@code count} units away, at the unit's precision. */
    private static Period counted(LocalDate today, int count, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "day" -> Period.day(today.plusDays(count));
            case "week" -> Period.week(today.plusWeeks(count));
            case "month" -> Period.month(YearMonth.from(today).plusMonths(count));
            default -> Period.year(today.getYear() + count);
        };
    }

    /** "a few units ago" ({@code direction} -1) or "in a few units" (+1): two to four units away, as a span. */
    private static Period aFew(LocalDate today, int direction, String unit) {
        Period near = counted(today, direction * FEW_MIN, unit);
        Period far = counted(today, direction * FEW_MAX, unit);
        Period first = direction < 0 ? far : near;
        Period last = direction < 0 ? near : far;
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "day" -> Period.days(first.first(), last.first());
            case "week" -> Period.weeks(first.first(), last.first());
            case "month" -> Period.months(YearMonth.from(first.first()), YearMonth.from(last.first()));
            default -> Period.years(first.first().getYear(), last.first().getYear());
        };
    }

    /** "in May": in the past, the latest May not after this month; else the next May not before it. */
    private static YearMonth monthNamed(LocalDate today, Month month, Tense tense) {
        YearMonth thisMonth = YearMonth.from(today);
        YearMonth sameYear = YearMonth.of(today.getYear(), month);
        if (tense == Tense.PAST) {
            return sameYear.isAfter(thisMonth) ? sameYear.minusYears(1) : sameYear;
        }
        return sameYear.isBefore(thisMonth) ? sameYear.plusYears(1) : sameYear;
    }

    private static Period weekdayRange(LocalDate today, DayOfWeek from, DayOfWeek to, Tense tense) {
        if (tense == Tense.PAST) {
            LocalDate last = today.with(previousOrSame(to));
            return Period.days(last.with(previousOrSame(from)), last);
        }
        LocalDate first = today.with(nextOrSame(from));
        return Period.days(first, first.with(nextOrSame(to)));
    }

    /** Groups: first month, first day, optional second month, second day, optional year. */
    private static Period monthDayRange(MatchResult m, LocalDate today, Tense tense) {
        Month first = month(m.group(1));
        return dayRange(today, first, m.group(2), m.group(3) != null ? month(m.group(3)) : first, m.group(4),
                m.group(5), tense);
    }

    private static Period dayRange(LocalDate today, Month fromMonth, String fromDay, Month toMonth, String toDay,
                                   String year, Tense tense) {
        LocalDate first;
        LocalDate last;
        if (year != null) {
            first = LocalDate.of(Integer.parseInt(year), fromMonth, Integer.parseInt(fromDay));
            last = LocalDate.of(Integer.parseInt(year), toMonth, Integer.parseInt(toDay));
        } else if (tense == Tense.PAST) {
            last = dayOfMonth(today, toMonth, toDay, null, Tense.PAST);
            first = dayOfMonth(last, fromMonth, fromDay, null, Tense.PAST);
        } else {
            first = dayOfMonth(today, fromMonth, fromDay, null, Tense.PRESENT_OR_FUTURE);
            last = dayOfMonth(first, toMonth, toDay, null, Tense.PRESENT_OR_FUTURE);
        }
        if (!first.isBefore(last)) {
            throw new DateTimeException("A range ends before it starts: " + first + " to " + last);
        }
        return Period.days(first, last);
    }

    private static DayOfWeek weekday(String name) {
        return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Month month(String name) {
        String prefix = name.substring(0, 3).toUpperCase(Locale.ROOT);
        return Arrays.stream(Month.values()).filter(month -> month.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static Month season(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "spring" -> Month.MARCH;
            case "summer" -> Month.JUNE;
            case "autumn", "fall" -> Month.SEPTEMBER;
            default -> Month.DECEMBER;
        };
    }

    private static int count(String digitsOrWord) {
        String word = digitsOrWord.toLowerCase(Locale.ROOT);
        if (word.startsWith("a couple")) {
            return COUPLE;
        }
        Integer number = NUMBER_WORDS.get(word);
        return number != null ? number : Integer.parseInt(digitsOrWord);
    }

    /**
     * A day and month: with a year, that date; without, in the past the latest one on or before today, else the
     * next one on or after today.
     */
    private static LocalDate dayOfMonth(LocalDate today, Month month, String day, String year, Tense tense) {
        int dayOfMonth = Integer.parseInt(day);
        if (year != null) {
            return LocalDate.of(Integer.parseInt(year), month, dayOfMonth);
        }
        int step = tense == Tense.PAST ? -1 : 1;
        for (int offset = 0; offset <= MAX_YEARS_TO_DAY_OF_MONTH; offset++) {
            int candidateYear = today.getYear() + step * offset;
            if (dayOfMonth <= month.length(Year.isLeap(candidateYear))) {
                LocalDate date = LocalDate.of(candidateYear, month, dayOfMonth);
                if (tense == Tense.PAST ? !date.isAfter(today) : !date.isBefore(today)) {
                    return date;
                }
            }
        }
        throw new DateTimeException("No " + month + " " + day + " near " + today);
    }

    /** "on the 17th": in the past the latest 17th on or before today, else the next one on or after today. */
    private static LocalDate dayOfAMonth(LocalDate today, int dayOfMonth, Tense tense) {
        int step = tense == Tense.PAST ? -1 : 1;
        YearMonth month = YearMonth.from(today);
        for (int offset = 0; offset <= MAX_MONTHS_TO_DAY; offset++) {
            YearMonth candidate = month.plusMonths((long) step * offset);
            if (candidate.isValidDay(dayOfMonth)) {
                LocalDate date = candidate.atDay(dayOfMonth);
                if (tense == Tense.PAST ? !date.isAfter(today) : !date.isBefore(today)) {
                    return date;
                }
            }
        }
        throw new DateTimeException("No day " + dayOfMonth + " in any month near " + today);
    }

    /**
     * Meteorological northern seasons of three months, named by their first month; a winter belongs to the year of
     * its December.
     */
    private static final class Seasons {

        private Seasons() {
        }

        static Period of(Month firstMonth, int year) {
            return Period.season(YearMonth.of(year, firstMonth));
        }

        /** The latest one that ended before today. */
        static Period last(Month firstMonth, LocalDate today) {
            for (int year = today.getYear(); ; year--) {
                Period season = of(firstMonth, year);
                if (season.last().isBefore(today)) {
                    return season;
                }
            }
        }

        /** The first one starting after today. */
        static Period next(Month firstMonth, LocalDate today) {
            for (int year = today.getYear() - 1; ; year++) {
                Period season = of(firstMonth, year);
                if (season.first().isAfter(today)) {
                    return season;
                }
            }
        }

        /** The one today is in, else the one of today's year. */
        static Period current(Month firstMonth, LocalDate today) {
            Period containing = containing(firstMonth, today);
            return containing != null ? containing : of(firstMonth, today.getYear());
        }

        static Period lastOrCurrent(Month firstMonth, LocalDate today) {
            Period containing = containing(firstMonth, today);
            return containing != null ? containing : last(firstMonth, today);
        }

        static Period currentOrNext(Month firstMonth, LocalDate today) {
            Period containing = containing(firstMonth, today);
            return containing != null ? containing : next(firstMonth, today);
        }

        private static Period containing(Month firstMonth, LocalDate today) {
            for (int year = today.getYear() - 1; year <= today.getYear(); year++) {
                Period season = of(firstMonth, year);
                if (!today.isBefore(season.first()) && !today.isAfter(season.last())) {
                    return season;
                }
            }
            return null;
        }
    }
}
