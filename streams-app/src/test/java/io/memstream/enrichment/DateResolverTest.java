package io.memstream.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.memstream.enrichment.DateResolver.ResolvedPhrase;
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
    void resolvesNextAndLastWeekMonthAndYearToTheirFirstDay() {
        assertThat(resolved("next week, next month, next year, last week, last month, last year")).containsExactly(
                tuple("next week", "2026-03-09"),
                tuple("next month", "2026-04-01"),
                tuple("next year", "2027-01-01"),
                tuple("last week", "2026-02-23"),
                tuple("last month", "2026-02-01"),
                tuple("last year", "2025-01-01"));
    }

    @Test
    void resolvesInNUnitsWithDigitsNumberWordsAndArticles() {
        assertThat(resolved("in 3 days, in two weeks, in a month, in an hour, in twelve years, in 1 year"))
                .containsExactly(
                tuple("in 3 days", "2026-03-07"),
                tuple("in two weeks", "2026-03-18"),
                tuple("in a month", "2026-04-04"),
                tuple("in twelve years", "2038-03-04"),
                tuple("in 1 year", "2027-03-04"));
    }

    @Test
    void resolvesAMonthLaterOnTheLastDayOfAShorterMonth() {
        Instant endOfJanuary = Instant.parse("2026-01-31T12:00:00Z");
        assertThat(resolved("in a month", endOfJanuary, "UTC")).containsExactly(tuple("in a month", "2026-02-28"));
    }

    @Test
    void resolvesNUnitsAgoAndFromNow() {
        assertThat(resolved("3 days ago, two weeks ago, a week from now")).containsExactly(
                tuple("3 days ago", "2026-03-01"),
                tuple("two weeks ago", "2026-02-18"),
                tuple("a week from now", "2026-03-11"));
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
        assertThat(phrases).extracting(ResolvedPhrase::day).containsExactly(
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
}
