package io.memstream.enrichment.extraction;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a message into sentences at . ! ? … followed by whitespace, and at line breaks.
 *
 * <p>Own rules rather than OpenNLP's sentence model: on chat text that model cuts "J.K. Rowling" after "J.K." and
 * misses lower-case starts, while these few rules know abbreviations, initials and times of day.
 */
final class Sentences {

    private static final Pattern BOUNDARY = Pattern.compile("[.!?…]+[\"'”’)\\]]*\\s+|\\R+");
    /** A period after these does not end a sentence ("Dr. Smith", "e.g. jazz"). */
    private static final Pattern ABBREVIATION =
            Pattern.compile("\\b(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|e\\.g|i\\.e)$", CASE_INSENSITIVE);
    /** "7 a.m." ends a sentence only when a capital letter follows. */
    private static final Pattern TIME_ABBREVIATION = Pattern.compile("\\b[ap]\\.m$", CASE_INSENSITIVE);
    /** An initial of a name ("J.K. Rowling", "George R. R. Martin"); a lone "I" is the pronoun unless it follows one. */
    private static final Pattern INITIAL = Pattern.compile("(?<![\\p{L}\\p{N}'])(?:[A-HJ-Z]|(?<=\\.)I)$");
    private static final int LONGEST_ABBREVIATION = 4;

    static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        Matcher boundary = BOUNDARY.matcher(text);
        int start = 0;
        while (boundary.find()) {
            if (!isAbbreviation(text, start, boundary)) {
                sentences.add(text.substring(start, boundary.end()));
                start = boundary.end();
            }
        }
        sentences.add(text.substring(start));
        return sentences;
    }

    private static boolean isAbbreviation(String text, int sentenceStart, Matcher boundary) {
        int period = boundary.start();
        if (text.charAt(period) != '.' || boundary.group().startsWith("..")) {
            return false;
        }
        int from = Math.max(sentenceStart, period - LONGEST_ABBREVIATION);
        if (endsWith(ABBREVIATION, text, from, period) || endsWith(INITIAL, text, from, period)) {
            return true;
        }
        return boundary.end() < text.length() && !Character.isUpperCase(text.charAt(boundary.end()))
                && endsWith(TIME_ABBREVIATION, text, from, period);
    }

    private static boolean endsWith(Pattern pattern, String text, int from, int to) {
        return pattern.matcher(text).region(from, to).useTransparentBounds(true).find();
    }
}
