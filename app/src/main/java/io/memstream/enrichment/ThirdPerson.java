package io.memstream.enrichment;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Rewrites a first-person sentence in the third person: "I live in Paris." becomes "User lives in Paris". */
final class ThirdPerson {

    private static final Pattern OPENING_FILLER = Pattern.compile(
            "^(?:(?:(?:hi|hello|hey)(?:\\s+there)?|oh|ok|okay|well|so|btw|by\\s+the\\s+way|also|and|but"
                    + "|actually|anyway|please|fyi)\\b[\\s,!.:;-]*)+", CASE_INSENSITIVE);
    private static final Pattern REMINDER_REQUEST = Pattern.compile("^remind\\s+me\\s+to\\b", CASE_INSENSITIVE);
    private static final Pattern NAME_REQUEST = Pattern.compile("^call\\s+me\\b", CASE_INSENSITIVE);
    private static final Pattern FIRST_PERSON = Pattern.compile(
            "\\b(?<contraction>I'(?:m|ve|ll|d))\\b"
                    + "|\\b(?<subject>I)\\b(?<adverbs>(?:\\s+(?:really|also|absolutely|just|totally|truly|still"
                    + "|actually|usually|always|often|sometimes|never|definitely|only)){0,3})"
                    + "(?:\\s+(?<verb>[a-z]+(?:'[a-z]+)?)\\b)?"
                    + "|\\b(?<possessive>my|mine)\\b"
                    + "|\\b(?<object>me)\\b"
                    + "|\\b(?<reflexive>myself)\\b",
            CASE_INSENSITIVE);
    private static final Pattern TRAILING_STOPS = Pattern.compile("[\\s.!?…,;:]+$");

    private static final Map<String, String> IRREGULAR = Map.of(
            "am", "is", "be", "is", "have", "has", "do", "does", "go", "goes",
            "don't", "doesn't", "haven't", "hasn't");
    /** Words after "I" that keep their form: modals, past tenses, and words that are not verbs at all. */
    private static final Set<String> UNCHANGED = Set.of(
            "can", "could", "will", "would", "shall", "should", "may", "might", "must", "was", "were", "did",
            "had", "went", "got", "made", "met", "saw", "took", "came", "began", "bought", "found", "left",
            "lost", "grew", "knew", "thought", "felt", "told", "said", "ran", "wrote", "became", "spent", "and",
            "or", "but", "too", "so", "as", "at", "in", "on", "to", "of", "with", "alone", "myself", "personally");

    static String rewrite(String sentence) {
        String text = OPENING_FILLER.matcher(sentence).replaceFirst("");
        text = REMINDER_REQUEST.matcher(text).replaceFirst("User wants a reminder to");
        text = NAME_REQUEST.matcher(text).replaceFirst("User wants to be called");
        Matcher firstPerson = FIRST_PERSON.matcher(text);
        StringBuilder rewritten = new StringBuilder();
        while (firstPerson.find()) {
            firstPerson.appendReplacement(rewritten, Matcher.quoteReplacement(thirdPerson(firstPerson)));
        }
        firstPerson.appendTail(rewritten);
        String summary = TRAILING_STOPS.matcher(rewritten.toString().strip()).replaceFirst("");
        return summary.isEmpty() ? sentence : capitalized(summary);
    }

    private static String thirdPerson(Matcher match) {
        if (match.group("contraction") != null) {
            return switch (match.group("contraction").substring(2).toLowerCase(Locale.ROOT)) {
                case "m" -> "User is";
                case "ve" -> "User has";
                case "ll" -> "User will";
                default -> "User would";
            };
        }
        if (match.group("subject") != null) {
            String verb = match.group("verb");
            return "User" + match.group("adverbs") + (verb == null ? "" : " " + conjugated(verb));
        }
        if (match.group("possessive") != null) {
            return "User's";
        }
        return match.group("object") != null ? "User" : "themself";
    }

    /** The third-person singular present of a verb written after "I". */
    private static String conjugated(String verb) {
        String lower = verb.toLowerCase(Locale.ROOT);
        if (IRREGULAR.containsKey(lower)) {
            return IRREGULAR.get(lower);
        }
        boolean pastTense = lower.endsWith("ed") && !lower.endsWith("eed");
        if (UNCHANGED.contains(lower) || lower.contains("'") || pastTense) {
            return verb;
        }
        if (Stream.of("s", "sh", "ch", "x", "z", "o").anyMatch(lower::endsWith)) {
            return verb + "es";
        }
        if (lower.length() > 1 && lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return verb.substring(0, verb.length() - 1) + "ies";
        }
        return verb + "s";
    }

    private static String capitalized(String text) {
        int first = text.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(text, Character.charCount(first), text.length()).toString();
    }
}
