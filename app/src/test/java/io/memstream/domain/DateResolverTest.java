package io.memstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.memstream.domain.DateResolver.Precision;
import io.memstream.domain.DateResolver.ResolvedPhrase;
import io.memstream.schemas.ResolvedDate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DateResolverTest {

    /** Wednesday 4 March 2026, 11:00 in Paris (UTC+1 until the switch to summer time on 29 March). */
    private static final Instant WEDNESDAY_MORNING = Instant.parse("2026-03-04T10:00:00Z");
    private static final String PARIS = "Europe/Paris";

    /** (phrase, resolution) pairs of a text written on {@link #WEDNESDAY_MORNING} in Paris. */
    private static List<Tuple> resolved(String text) {
        return resolved(text, WEDNESDAY_MORNING, PARIS);
    }

    private static List<Tuple> resolved(String text, Instant reference, String zone) {
        return DateResolver.resolve(text, reference, zone).stream()
                .map(phrase -> tuple(phrase.text(), phrase.resolved()))
                .toList();
    }

    @Test
    void resolvesTodayTonightTomorrowAndYesterdayToTheWritersDate() {
        assertThat(resolved("today, tonight, tomorrow or yesterday")).containsExactly(
                tuple("today", "2026-03-04"),
                tuple("tonight", "2026-03-04"),
                tuple("tomorrow", "2026-03-05"),
                tuple("yesterday", "2026-03-03"));
    }

    @Test
    void readsTheTenseAcrossADecimalNumber() {
        assertThat(resolved("I did 1.2 km without stopping on Saturday, a personal best"))
                .containsExactly(tuple("Saturday", "2026-02-28"));
    }

    @Test
    void looksBackFromSinceAWeekday() {
        assertThat(resolved("Off the boat since Monday, sleeping like a stone"))
                .containsExactly(tuple("since Monday", "2026-03-02"));
    }

    @Test
    void readsAComingArrangementAheadWhateverElseTheSentenceSays() {
        assertThat(resolved("I'm flying to Madrid this Friday for the fair, and then to the maestro who taught me"))
                .containsExactly(tuple("this Friday", "2026-03-06"));
    }

    @Test
    void takesAClockTimeRightAfterTheDay() {
        assertThat(resolved("have to deliver it by Saturday 6am so I'm up early"))
                .containsExactly(tuple("Saturday 6am", "2026-03-07T06:00+01:00"));
        assertThat(resolved("the shop opens Saturday 10 and closes at 6")).containsExactly(tuple("Saturday", "2026-03-07"));
    }

    @Test
    void resolvesTheDayAfterTomorrowAsOnePhrase() {
        assertThat(resolved("We leave the day after tomorrow."))
                .containsExactly(tuple("the day after tomorrow", "2026-03-06"));
    }

    @Test
    void resolvesABareOrThisWeekdayToItsFirstOccurrenceStrictlyAfterToday() {
        assertThat(resolved("on Friday")).containsExactly(tuple("Friday", "2026-03-06"));
        assertThat(resolved("this Friday")).containsExactly(tuple("this Friday", "2026-03-06"));
        assertThat(resolved("on Wednesday")).containsExactly(tuple("Wednesday", "2026-03-11"));
        assertThat(resolved("this Monday")).containsExactly(tuple("this Monday", "2026-03-09"));
    }

    @Test
    void resolvesNextFridayToTheFridayOfTheNextCalendarWeek() {
        assertThat(resolved("next Friday")).containsExactly(tuple("next Friday", "2026-03-13"));
        assertThat(resolved("next Monday")).containsExactly(tuple("next Monday", "2026-03-09"));
        Instant sunday = Instant.parse("2026-03-08T10:00:00Z");
        assertThat(resolved("next Friday", sunday, PARIS)).containsExactly(tuple("next Friday", "2026-03-13"));
        assertThat(resolved("this Friday", sunday, PARIS)).containsExactly(tuple("this Friday", "2026-03-13"));
    }

    @Test
    void resolvesNextFridayInTheWritersTimezone() {
        // Sunday 8 March 20:00 UTC is already Monday 9 March in Tokyo: "next week" starts a week later there.
        Instant sundayEveningUtc = Instant.parse("2026-03-08T20:00:00Z");
        assertThat(resolved("next Friday", sundayEveningUtc, "UTC"))
                .containsExactly(tuple("next Friday", "2026-03-13"));
        assertThat(resolved("next Friday", sundayEveningUtc, "Asia/Tokyo"))
                .containsExactly(tuple("next Friday", "2026-03-20"));
    }

    @Test
    void resolvesLastFridayToTheMostRecentFridayBeforeToday() {
        assertThat(resolved("last Friday")).containsExactly(tuple("last Friday", "2026-02-27"));
        assertThat(resolved("last Wednesday")).containsExactly(tuple("last Wednesday", "2026-02-25"));
    }

    @Test
    void resolvesNextAndLastWeekMonthAndYearAtTheirOwnPrecision() {
        assertThat(resolved("next week, next month, next year, last week, last month, last year")).containsExactly(
                tuple("next week", "2026-W11"),
                tuple("next month", "2026-04"),
                tuple("next year", "2027"),
                tuple("last week", "2026-W09"),
                tuple("last month", "2026-02"),
                tuple("last year", "2025"));
    }

    @Test
    void resolvesInNUnitsWithDigitsNumberWordsAndArticlesAtTheUnitsPrecision() {
        assertThat(resolved("in 3 days, in two weeks, in a month, in an hour, in twelve years, in 1 year"))
                .containsExactly(
                tuple("in 3 days", "2026-03-07"),
                tuple("in two weeks", "2026-W12"),
                tuple("in a month", "2026-04"),
                tuple("in twelve years", "2038"),
                tuple("in 1 year", "2027"));
    }

    @Test
    void resolvesNUnitsAgoAndFromNow() {
        assertThat(resolved("3 days ago, two weeks ago, a week from now")).containsExactly(
                tuple("3 days ago", "2026-03-01"),
                tuple("two weeks ago", "2026-W08"),
                tuple("a week from now", "2026-W11"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "on March 10th      | March 10th       | 2026-03-10",
        "March 10           | March 10         | 2026-03-10",
        "Mar. 10            | Mar. 10          | 2026-03-10",
        "10 March           | 10 March         | 2026-03-10",
        "10th of March      | 10th of March    | 2026-03-10",
        "on the 10th of March | the 10th of March | 2026-03-10",
        "March 3, 2027      | March 3, 2027    | 2027-03-03",
        "3 March 2027       | 3 March 2027     | 2027-03-03",
        "on 2026-03-03      | 2026-03-03       | 2026-03-03",
    })
    void resolvesExplicitDatesInEveryWrittenForm(String text, String phrase, String resolved) {
        assertThat(resolved(text)).containsExactly(tuple(phrase, resolved));
    }

    @Test
    void resolvesADateWithoutYearToItsNextOccurrenceOnOrAfterTheReferenceDate() {
        assertThat(resolved("March 4")).containsExactly(tuple("March 4", "2026-03-04"));
        assertThat(resolved("on March 3rd")).containsExactly(tuple("March 3rd", "2027-03-03"));
        assertThat(resolved("3rd of March")).containsExactly(tuple("3rd of March", "2027-03-03"));
        assertThat(resolved("Feb 29")).containsExactly(tuple("Feb 29", "2028-02-29"));
    }

    @Test
    void leavesImpossibleDatesOut() {
        assertThat(resolved("February 30, 2026-13-01 and June 31")).isEmpty();
    }

    @Test
    void resolvesADatePhraseWithATimeAfterItToAnOffsetDateTime() {
        assertThat(resolved("tomorrow at 7pm")).containsExactly(tuple("tomorrow at 7pm", "2026-03-05T19:00+01:00"));
        assertThat(resolved("Friday at 19:30")).containsExactly(tuple("Friday at 19:30", "2026-03-06T19:30+01:00"));
        assertThat(resolved("next Friday at 7 p.m."))
                .containsExactly(tuple("next Friday at 7 p.m.", "2026-03-13T19:00+01:00"));
        assertThat(resolved("tomorrow at 12am")).containsExactly(tuple("tomorrow at 12am", "2026-03-05T00:00+01:00"));
    }

    @Test
    void resolvesADatePhraseWithATimeBeforeItToAnOffsetDateTime() {
        assertThat(resolved("at 7:30 am tomorrow"))
                .containsExactly(tuple("at 7:30 am tomorrow", "2026-03-05T07:30+01:00"));
        assertThat(resolved("at 7pm on Friday")).containsExactly(tuple("at 7pm on Friday", "2026-03-06T19:00+01:00"));
    }

    @Test
    void readsHoursWithoutAmOrPmTonightAsEveningHours() {
        assertThat(resolved("tonight at 8:30")).containsExactly(tuple("tonight at 8:30", "2026-03-04T20:30+01:00"));
    }

    @Test
    void leavesABareOrInvalidHourOutOfThePhrase() {
        assertThat(resolved("tomorrow at 3")).containsExactly(tuple("tomorrow", "2026-03-05"));
        assertThat(resolved("tomorrow at 25:00")).containsExactly(tuple("tomorrow", "2026-03-05"));
        assertThat(resolved("tomorrow at 13pm")).containsExactly(tuple("tomorrow", "2026-03-05"));
    }

    @Test
    void usesTheOffsetTheZoneHasOnTheResolvedDay() {
        // Paris switches to summer time (UTC+2) on 29 March 2026.
        assertThat(resolved("March 30 at 9am")).containsExactly(tuple("March 30 at 9am", "2026-03-30T09:00+02:00"));
    }

    @Test
    void resolvesTomorrowAgainstTheWritersDateWhenTheirZoneIsPastMidnight() {
        Instant lateThursdayUtc = Instant.parse("2026-03-05T23:30:00Z");
        assertThat(resolved("tomorrow", lateThursdayUtc, "Asia/Tokyo"))
                .containsExactly(tuple("tomorrow", "2026-03-07"));
        assertThat(resolved("tomorrow", lateThursdayUtc, "UTC")).containsExactly(tuple("tomorrow", "2026-03-06"));
    }

    @Test
    void writesUtcDateTimesWithAZOffset() {
        assertThat(resolved("tomorrow at 9am", WEDNESDAY_MORNING, null))
                .containsExactly(tuple("tomorrow at 9am", "2026-03-05T09:00Z"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "Mars/Olympus_Mons", "not a zone!", "Europe/"})
    void fallsBackToUtcForAMissingOrInvalidZone(String zone) {
        assertThat(DateResolver.zoneOrUtc(zone)).isEqualTo(ZoneOffset.UTC);
        Instant lateThursdayUtc = Instant.parse("2026-03-05T23:30:00Z");
        assertThat(resolved("tomorrow at 8am", lateThursdayUtc, zone))
                .containsExactly(tuple("tomorrow at 8am", "2026-03-06T08:00Z"));
    }

    @Test
    void keepsTheLongestOfOverlappingPhrasesInTextOrder() {
        List<ResolvedPhrase> phrases = DateResolver.resolve(
                "Not next Friday but the day after tomorrow, or March 3, 2027 at 10:15.", WEDNESDAY_MORNING, PARIS);

        assertThat(phrases).extracting(ResolvedPhrase::text, ResolvedPhrase::resolved).containsExactly(
                tuple("next Friday", "2026-03-13"),
                tuple("the day after tomorrow", "2026-03-06"),
                tuple("March 3, 2027 at 10:15", "2027-03-03T10:15+01:00"));
        assertThat(phrases).extracting(ResolvedPhrase::start, ResolvedPhrase::end)
                .containsExactly(tuple(4, 15), tuple(20, 42), tuple(47, 69));
        assertThat(phrases).extracting(ResolvedPhrase::firstDay).containsExactly(
                LocalDate.of(2026, 3, 13), LocalDate.of(2026, 3, 6), LocalDate.of(2027, 3, 3));
    }

    @Test
    void matchesCaseInsensitively() {
        assertThat(resolved("TOMORROW AT 7PM or Next FRIDAY")).containsExactly(
                tuple("TOMORROW AT 7PM", "2026-03-05T19:00+01:00"),
                tuple("Next FRIDAY", "2026-03-13"));
    }

    @Test
    void ignoresWordsThatOnlyContainADatePhrase() {
        assertThat(resolved("On Fridays I swim; todays news; Sundays off; a mayday call")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "no dates here 🙂", "🎉🎉🎉"})
    void findsNothingInTextWithoutDatePhrases(String text) {
        assertThat(DateResolver.resolve(text, WEDNESDAY_MORNING, PARIS)).isEmpty();
    }

    @Test
    void resolvesTheSameTextTheSameWayEveryTime() {
        String text = "tomorrow at 7pm, next Friday, in two weeks, March 3rd";
        assertThat(DateResolver.resolve(text, WEDNESDAY_MORNING, PARIS))
                .isEqualTo(DateResolver.resolve(text, WEDNESDAY_MORNING, PARIS));
    }

    // The contract: every row of the table in docs/memories.md ("Dates"), said on Monday 2023-05-08 in Berlin.

    /** Monday 8 May 2023, 12:00 in Berlin (UTC+2). */
    private static final Instant CONTRACT_MONDAY = Instant.parse("2023-05-08T10:00:00Z");
    private static final String BERLIN = "Europe/Berlin";

    @ParameterizedTest(name = "{0} ({1}) -> {3}")
    @CsvSource(delimiter = '|', value = {
        "today                     | PRESENT_OR_FUTURE | today                  | 2023-05-08                | DAY",
        "tonight                   | PRESENT_OR_FUTURE | tonight                | 2023-05-08                | DAY",
        "this morning              | PAST              | this morning           | 2023-05-08                | DAY",
        "this evening              | PRESENT_OR_FUTURE | this evening           | 2023-05-08                | DAY",
        "yesterday                 | PAST              | yesterday              | 2023-05-07                | DAY",
        "last night                | PAST              | last night             | 2023-05-07                | DAY",
        "yesterday afternoon       | PAST              | yesterday afternoon    | 2023-05-07                | DAY",
        "tomorrow at 7pm           | PRESENT_OR_FUTURE | tomorrow at 7pm        | 2023-05-09T19:00+02:00    | TIME",
        "the day before yesterday  | PAST              | the day before yesterday | 2023-05-06              | DAY",
        "the day after tomorrow    | PRESENT_OR_FUTURE | the day after tomorrow | 2023-05-10                | DAY",
        "Friday                    | PRESENT_OR_FUTURE | Friday                 | 2023-05-12                | DAY",
        "on Friday                 | PRESENT_OR_FUTURE | Friday                 | 2023-05-12                | DAY",
        "this Friday               | PRESENT_OR_FUTURE | this Friday            | 2023-05-12                | DAY",
        "on Saturday               | PAST              | Saturday               | 2023-05-06                | DAY",
        "next Friday               | PRESENT_OR_FUTURE | next Friday            | 2023-05-19                | DAY",
        "last Friday               | PAST              | last Friday            | 2023-05-05                | DAY",
        "this weekend              | PRESENT_OR_FUTURE | this weekend           | 2023-05-13/2023-05-14     | DAY",
        "the weekend               | PAST              | the weekend            | 2023-05-06/2023-05-07     | DAY",
        "over the weekend          | PAST              | the weekend            | 2023-05-06/2023-05-07     | DAY",
        "last weekend              | PAST              | last weekend           | 2023-05-06/2023-05-07     | DAY",
        "next weekend              | PRESENT_OR_FUTURE | next weekend           | 2023-05-20/2023-05-21     | DAY",
        "this week                 | PRESENT_OR_FUTURE | this week              | 2023-W19                  | WEEK",
        "last week                 | PAST              | last week              | 2023-W18                  | WEEK",
        "next week                 | PRESENT_OR_FUTURE | next week              | 2023-W20                  | WEEK",
        "earlier this week         | PAST              | earlier this week      | 2023-05-08                | DAY",
        "this month                | PRESENT_OR_FUTURE | this month             | 2023-05                   | MONTH",
        "last month                | PAST              | last month             | 2023-04                   | MONTH",
        "next month                | PRESENT_OR_FUTURE | next month             | 2023-06                   | MONTH",
        "earlier this month        | PAST              | earlier this month     | 2023-05-01/2023-05-07     | DAY",
        "this year                 | PRESENT_OR_FUTURE | this year              | 2023                      | YEAR",
        "last year                 | PAST              | last year              | 2022                      | YEAR",
        "next year                 | PRESENT_OR_FUTURE | next year              | 2024                      | YEAR",
        "in 2010                   | PAST              | in 2010                | 2010                      | YEAR",
        "back in 2010              | PAST              | back in 2010           | 2010                      | YEAR",
        "since 2010                | PRESENT_OR_FUTURE | since 2010             | 2010                      | YEAR",
        "in May                    | PAST              | in May                 | 2023-05                   | MONTH",
        "in May                    | PRESENT_OR_FUTURE | in May                 | 2023-05                   | MONTH",
        "in March                  | PAST              | in March               | 2023-03                   | MONTH",
        "in March                  | PRESENT_OR_FUTURE | in March               | 2024-03                   | MONTH",
        "in June                   | PAST              | in June                | 2022-06                   | MONTH",
        "May 2021                  | PAST              | May 2021               | 2021-05                   | MONTH",
        "in May 2021               | PAST              | in May 2021            | 2021-05                   | MONTH",
        "May 3                     | PAST              | May 3                  | 2023-05-03                | DAY",
        "May 3                     | PRESENT_OR_FUTURE | May 3                  | 2024-05-03                | DAY",
        "3rd of May                | PAST              | 3rd of May             | 2023-05-03                | DAY",
        "2023-05-03                | PRESENT_OR_FUTURE | 2023-05-03             | 2023-05-03                | DAY",
        "on the 17th               | PAST              | the 17th               | 2023-04-17                | DAY",
        "on the 17th               | PRESENT_OR_FUTURE | the 17th               | 2023-05-17                | DAY",
        "3 days ago                | PAST              | 3 days ago             | 2023-05-05                | DAY",
        "in 3 days                 | PRESENT_OR_FUTURE | in 3 days              | 2023-05-11                | DAY",
        "a couple of days ago      | PAST              | a couple of days ago   | 2023-05-06                | DAY",
        "a few days ago            | PAST              | a few days ago         | 2023-05-04/2023-05-06     | DAY",
        "two weeks ago             | PAST              | two weeks ago          | 2023-W17                  | WEEK",
        "in 2 weeks                | PRESENT_OR_FUTURE | in 2 weeks             | 2023-W21                  | WEEK",
        "a couple of weeks ago     | PAST              | a couple of weeks ago  | 2023-W17                  | WEEK",
        "a few weeks ago           | PAST              | a few weeks ago        | 2023-W15/2023-W17         | WEEK",
        "3 months ago              | PAST              | 3 months ago           | 2023-02                   | MONTH",
        "in 3 months               | PRESENT_OR_FUTURE | in 3 months            | 2023-08                   | MONTH",
        "a few months ago          | PAST              | a few months ago       | 2023-01/2023-03           | MONTH",
        "3 years ago               | PAST              | 3 years ago            | 2020                      | YEAR",
        "in 3 years                | PRESENT_OR_FUTURE | in 3 years             | 2026                      | YEAR",
        "a few years ago           | PAST              | a few years ago        | 2019/2021                 | YEAR",
        "last summer               | PAST              | last summer            | 2022-06/2022-08           | SEASON",
        "this summer               | PRESENT_OR_FUTURE | this summer            | 2023-06/2023-08           | SEASON",
        "next summer               | PRESENT_OR_FUTURE | next summer            | 2023-06/2023-08           | SEASON",
        "summer 2022               | PAST              | summer 2022            | 2022-06/2022-08           | SEASON",
        "in the summer             | PRESENT_OR_FUTURE | in the summer          | 2023-06/2023-08           | SEASON",
        "in the summer             | PAST              | in the summer          | 2022-06/2022-08           | SEASON",
        "this spring               | PAST              | this spring            | 2023-03/2023-05           | SEASON",
        "last winter               | PAST              | last winter            | 2022-12/2023-02           | SEASON",
        "last fall                 | PAST              | last fall              | 2022-09/2022-11           | SEASON",
        "from Monday to Wednesday  | PRESENT_OR_FUTURE | from Monday to Wednesday | 2023-05-08/2023-05-10   | DAY",
        "from Monday to Wednesday  | PAST              | from Monday to Wednesday | 2023-05-01/2023-05-03   | DAY",
        "between May 3 and May 5   | PAST              | between May 3 and May 5 | 2023-05-03/2023-05-05    | DAY",
        "between May 3 and May 5   | PRESENT_OR_FUTURE | between May 3 and May 5 | 2024-05-03/2024-05-05    | DAY",
        "May 3-5                   | PAST              | May 3-5                | 2023-05-03/2023-05-05     | DAY",
        "May 3-5, 2023             | PRESENT_OR_FUTURE | May 3-5, 2023          | 2023-05-03/2023-05-05     | DAY",
    })
    void resolvesEveryPhraseOfTheContractTableAtItsPrecision(String text, Tense tense, String phrase, String resolved,
                                                             Precision precision) {
        assertThat(DateResolver.resolve(text, CONTRACT_MONDAY, BERLIN, tense))
                .extracting(ResolvedPhrase::text, ResolvedPhrase::resolved, ResolvedPhrase::precision)
                .containsExactly(tuple(phrase, resolved, precision));
    }

    @ParameterizedTest(name = "{0} covers {1} to {2}")
    @CsvSource(delimiter = '|', value = {
        "last year          | 2022-01-01 | 2022-12-31",
        "this week          | 2023-05-08 | 2023-05-14",
        "a few weeks ago    | 2023-04-10 | 2023-04-30",
        "next month         | 2023-06-01 | 2023-06-30",
        "a few months ago   | 2023-01-01 | 2023-03-31",
        "last summer        | 2022-06-01 | 2022-08-31",
        "this winter        | 2023-12-01 | 2024-02-29",
        "the weekend        | 2023-05-13 | 2023-05-14",
        "tomorrow at 7pm    | 2023-05-09 | 2023-05-09",
    })
    void coversTheFirstAndLastCalendarDayOfThePhrase(String text, LocalDate firstDay, LocalDate lastDay) {
        assertThat(DateResolver.resolve(text, CONTRACT_MONDAY, BERLIN, Tense.PRESENT_OR_FUTURE))
                .extracting(ResolvedPhrase::firstDay, ResolvedPhrase::lastDay)
                .containsExactly(tuple(firstDay, lastDay));
    }

    @Test
    void writesTheContractsResolvedDate() {
        assertThat(DateResolver.resolve("last summer", CONTRACT_MONDAY, BERLIN).get(0).toResolvedDate())
                .isEqualTo(new ResolvedDate("last summer", "2022-06/2022-08", "SEASON", "2022-06-01", "2022-08-31"));
        assertThat(DateResolver.resolve("tomorrow at 7pm", CONTRACT_MONDAY, BERLIN).get(0).toResolvedDate())
                .isEqualTo(new ResolvedDate("tomorrow at 7pm", "2023-05-09T19:00+02:00", "TIME", "2023-05-09",
                        "2023-05-09"));
    }

    @Test
    void guessesTheTenseOfEachSentenceWhenNoneIsGiven() {
        List<ResolvedPhrase> phrases = DateResolver.resolve(
                "I went hiking on Saturday. I'm going again on Sunday!", CONTRACT_MONDAY, BERLIN);

        assertThat(phrases).extracting(ResolvedPhrase::text, ResolvedPhrase::resolved).containsExactly(
                tuple("Saturday", "2023-05-06"),
                tuple("Sunday", "2023-05-14"));
    }

    @Test
    void readsAPastTenseDayAndMonthAndDayOfTheMonthBackwards() {
        assertThat(DateResolver.resolve("We moved in on the 17th", CONTRACT_MONDAY, BERLIN))
                .extracting(ResolvedPhrase::resolved).containsExactly("2023-04-17");
        assertThat(DateResolver.resolve("The concert was on May 3", CONTRACT_MONDAY, BERLIN))
                .extracting(ResolvedPhrase::resolved).containsExactly("2023-05-03");
        assertThat(DateResolver.resolve("The concert is on May 3", CONTRACT_MONDAY, BERLIN))
                .extracting(ResolvedPhrase::resolved).containsExactly("2024-05-03");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "I went to Rome in May, and I'll go again in June      | in May=2023-05, in June=2023-06",
        "On Saturday I went hiking                            | Saturday=2023-05-06",
        "Over the weekend Kenji and Aya visited               | the weekend=2023-05-06/2023-05-07",
        "Theo and I broke up in April                         | in April=2023-04",
        "I quit. Last day was the 28th                         | the 28th=2023-04-28",
        "I'm moving in autumn                                 | in autumn=2023-09/2023-11",
        "I've been reading it since January                   | since January=2023-01",
        "April 10 to April 24, flying into Osaka              | April 10 to April 24=2024-04-10/2024-04-24",
        "I have appointments on May 10 and May 12             | May 10=2023-05-10, May 12=2023-05-12",
        "We live on the 2nd floor                             | ''",
        "I joined a choir in April and we have a concert on the 29th | in April=2023-04, the 29th=2023-05-29",
        "my grandma passed away on the 6th                    | the 6th=2023-05-06",
    })
    void readsEachPhraseWithTheTenseOfItsClauseOrSentence(String text, String expected) {
        assertThat(DateResolver.resolve(text, CONTRACT_MONDAY, BERLIN).stream()
                .map(phrase -> phrase.text() + "=" + phrase.resolved()).toList())
                .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(", ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"recently", "lately", "soon", "one day", "the other day", "some day", "a while ago",
        "I fell in the fall", "in a few", "We may go"})
    void leavesVagueWordsOut(String text) {
        assertThat(DateResolver.resolve(text, CONTRACT_MONDAY, BERLIN)).isEmpty();
    }

    @ParameterizedTest(name = "{0} said on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // Sunday ends the ISO week; Monday starts it.
        "this week          | 2023-05-14 | 2023-W19",
        "next week          | 2023-05-14 | 2023-W20",
        "next Friday        | 2023-05-14 | 2023-05-19",
        "this weekend       | 2023-05-14 | 2023-05-13/2023-05-14",
        "this weekend       | 2023-05-13 | 2023-05-13/2023-05-14",
        "last weekend       | 2023-05-14 | 2023-05-06/2023-05-07",
        "earlier this week  | 2023-05-14 | 2023-05-08/2023-05-13",
        "earlier this week  | 2023-05-11 | 2023-05-08/2023-05-10",
        "earlier this month | 2023-05-01 | 2023-05-01",
        // Year boundaries: ISO week-based years.
        "last week          | 2021-01-04 | 2020-W53",
        "this week          | 2021-01-03 | 2020-W53",
        "this week          | 2019-12-30 | 2020-W01",
        "next week          | 2020-12-28 | 2021-W01",
        "last month         | 2023-01-15 | 2022-12",
        "next month         | 2023-12-15 | 2024-01",
        "two weeks ago      | 2023-01-05 | 2022-W51",
        "this winter        | 2023-01-15 | 2022-12/2023-02",
        "last winter        | 2023-01-15 | 2021-12/2022-02",
        "next winter        | 2023-01-15 | 2023-12/2024-02",
        "a few months ago   | 2023-02-10 | 2022-10/2022-12",
        // Leap years.
        "a year ago         | 2024-02-29 | 2023",
        "in a few days      | 2024-02-26 | 2024-02-28/2024-03-01",
        "on the 29th        | 2023-03-01 | 2023-03-29",
    })
    void resolvesAcrossWeekMonthAndYearBoundaries(String text, LocalDate saidOn, String resolved) {
        Instant noon = saidOn.atTime(12, 0).toInstant(ZoneOffset.UTC);
        assertThat(DateResolver.resolve(text, noon, "UTC", Tense.PRESENT_OR_FUTURE))
                .extracting(ResolvedPhrase::resolved).containsExactly(resolved);
    }

    @Test
    void findsTheLatestOrNextFebruary29AndThirtyFirst() {
        Instant march2023 = Instant.parse("2023-03-01T12:00:00Z");
        assertThat(DateResolver.resolve("Feb 29", CONTRACT_MONDAY, BERLIN, Tense.PAST))
                .extracting(ResolvedPhrase::resolved).containsExactly("2020-02-29");
        assertThat(DateResolver.resolve("Feb 29", CONTRACT_MONDAY, BERLIN, Tense.PRESENT_OR_FUTURE))
                .extracting(ResolvedPhrase::resolved).containsExactly("2024-02-29");
        assertThat(DateResolver.resolve("on the 29th", march2023, "UTC", Tense.PAST))
                .extracting(ResolvedPhrase::resolved).containsExactly("2023-01-29");
        assertThat(DateResolver.resolve("on the 31st", Instant.parse("2023-04-05T12:00:00Z"), "UTC",
                Tense.PRESENT_OR_FUTURE)).extracting(ResolvedPhrase::resolved).containsExactly("2023-05-31");
    }

    @Test
    void countsRelativePhrasesFromTheWritersLocalDate() {
        // Sunday 14 May 23:30 UTC is already Monday 15 May in Berlin: a new ISO week there.
        Instant sundayNightUtc = Instant.parse("2023-05-14T23:30:00Z");
        assertThat(DateResolver.resolve("this week", sundayNightUtc, "UTC"))
                .extracting(ResolvedPhrase::resolved).containsExactly("2023-W19");
        assertThat(DateResolver.resolve("this week", sundayNightUtc, BERLIN))
                .extracting(ResolvedPhrase::resolved).containsExactly("2023-W20");
        assertThat(DateResolver.resolve("last night at 11:30", sundayNightUtc, "America/Los_Angeles"))
                .extracting(ResolvedPhrase::resolved).containsExactly("2023-05-13T23:30-07:00");
    }
}
