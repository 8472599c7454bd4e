package io.memstream.memory;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The details that make two near-identical statements different facts, which sentence embeddings barely see:
 * "I have a meeting with Erik tomorrow" and "... next week" are at cosine 0.97 with all-MiniLM-L6-v2, "I go to the gym
 * three times a week" and "... once a week" at 0.97. A detail is a number, a name (a capitalised word after the
 * first), a negation, the polarity of a preference (love / hate), or a word of a small closed class whose members
 * exclude each other (times of day and relative dates, relations and pets, colours, diets, channels, places, sizes).
 *
 * <p>Two statements {@link #conflict conflict} when one has a detail the other does not mention at all: a similarity
 * above the reinforce threshold then does not make them one memory. The classes are generic on purpose; the labelled
 * pairs of the calibration test measure what they catch and what they cost.
 */
public final class StatementDetails {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern CANT_STAND = Pattern.compile("\\b(?:can['’]?t|cannot|can not) stand\\b", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "don't", "doesn't", "didn't", "isn't",
            "aren't", "wasn't", "won't", "can't", "cannot", "nothing", "none", "nobody", "without");
    private static final Set<String> LIKES = Set.of("love", "like", "enjoy", "adore", "prefer", "want", "favourite", "favorite", "fan");
    private static final Set<String> DISLIKES = Set.of("hate", "dislike", "detest", "loathe", "despise");
    private static final Map<String, String> NUMBER_WORDS = numberWords();
    private static final Map<String, String> SYNONYMS = Map.of(
            "brief", "short", "concise", "short", "lengthy", "long", "e-mail", "email", "mail", "post",
            "mom", "mother", "mum", "mother", "dad", "father");
    /** Closed classes of words whose members exclude each other. */
    private static final Set<String> CLASS_WORDS = Set.of(
            // times of day, relative dates
            "morning", "afternoon", "evening", "night", "tonight", "today", "tomorrow", "yesterday", "weekend",
            "last", "next", "daily", "weekly", "monthly", "yearly",
            // relations, pets
            "wife", "husband", "partner", "girlfriend", "boyfriend", "sister", "brother", "mother", "father", "son",
            "daughter", "friend", "boss", "colleague", "grandmother", "grandfather", "aunt", "uncle", "cousin",
            "dog", "cat",
            // colours
            "red", "green", "blue", "yellow", "black", "white", "orange", "purple", "pink", "brown", "grey", "gray",
            // diets
            "vegetarian", "vegan", "pescatarian", "halal", "kosher",
            // channels
            "email", "post", "phone", "sms", "whatsapp", "call",
            // places of work and seats
            "home", "office", "remote", "window", "aisle",
            // sizes, speeds, lengths
            "short", "long", "detailed", "small", "large", "big", "express", "standard", "fast", "slow");

    private StatementDetails() {
    }

    /** The details of a statement: canonical words, plus "¬" for a negation, "+" / "-" for a liked / disliked thing. */
    public static Set<String> of(String statement) {
        String text = CANT_STAND.matcher(Normalizer.normalize(statement, Normalizer.Form.NFKC)).replaceAll("hate");
        Set<String> details = new HashSet<>();
        Matcher word = WORD.matcher(text);
        boolean first = true;
        while (word.find()) {
            String written = word.group();
            String canonical = canonical(written);
            if (NEGATIONS.contains(canonical) || canonical.endsWith("n't")) {
                details.add("¬");
            } else if (LIKES.contains(canonical)) {
                details.add("+");
            } else if (DISLIKES.contains(canonical)) {
                details.add("-");
            } else if (isNumber(canonical) || CLASS_WORDS.contains(canonical)
                    || (!first && Character.isUpperCase(written.codePointAt(0)) && !"I".equals(written))) {
                details.add(canonical);
            }
            first = false;
        }
        return details;
    }

    /** Every canonical word of a statement, for checking whether it mentions a detail of another. */
    static Set<String> words(String statement) {
        Set<String> words = new HashSet<>();
        Matcher word = WORD.matcher(Normalizer.normalize(statement, Normalizer.Form.NFKC));
        while (word.find()) {
            words.add(canonical(word.group()));
        }
        return words;
    }

    /**
     * True when the statements differ in a detail: negated or not, liked against disliked, or a detail of one that
     * the other does not mention.
     */
    public static boolean conflict(Set<String> details, Set<String> words, Set<String> otherDetails, Set<String> otherWords) {
        if (details.contains("¬") != otherDetails.contains("¬")) {
            return true;
        }
        if ((details.contains("+") && otherDetails.contains("-")) || (details.contains("-") && otherDetails.contains("+"))) {
            return true;
        }
        return !mentioned(details, otherWords) || !mentioned(otherDetails, words);
    }

    private static boolean mentioned(Set<String> details, Set<String> words) {
        for (String detail : details) {
            if (!detail.equals("¬") && !detail.equals("+") && !detail.equals("-") && !words.contains(detail)) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, possessive and plural "s" dropped, number words and digits (10am → 10) as numerals, synonyms folded. */
    static String canonical(String word) {
        String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
        if (lower.endsWith("'s")) {
            lower = lower.substring(0, lower.length() - 2);
        }
        Matcher digits = DIGITS.matcher(lower);
        if (digits.lookingAt()) {
            return String.valueOf(Long.parseLong(digits.group().length() > 18 ? digits.group().substring(0, 18) : digits.group()));
        }
        if (NUMBER_WORDS.containsKey(lower)) {
            return NUMBER_WORDS.get(lower);
        }
        if (lower.length() > 3 && lower.endsWith("s") && !lower.endsWith("ss") && !lower.endsWith("us")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        return SYNONYMS.getOrDefault(lower, lower);
    }

    private static boolean isNumber(String canonical) {
        return !canonical.isEmpty() && Character.isDigit(canonical.charAt(0));
    }

    private static Map<String, String> numberWords() {
        List<String> words = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve");
        Map<String, String> numbers = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            numbers.put(words.get(i), Integer.toString(i));
        }
        numbers.put("once", "1");
        numbers.put("twice", "2");
        numbers.put("single", "1");
        numbers.put("couple", "2");
        return numbers;
    }
}
