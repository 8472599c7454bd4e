package io.memstream.enrichment.entities;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

import io.memstream.enrichment.entities.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the names of a sentence: runs of capitalised words, initials ("J.K.") and titles ("Dr."), joined by name
 * particles ("Rio de Janeiro", "Ludwig van Beethoven"), by "of" ("Bank of America", "The Lord of the Rings"), by
 * "and the" in the title of a work ("reading Harry Potter and the Goblet of Fire"), by "&", and by a possessive
 * before a place or event word ("St. Mary's Hospital", "New Year's Eve"); a product name takes its model number
 * ("PlayStation 5"), and a lower-case suffix is cut off ("Rio de Janeiro-based").
 *
 * <p>A capital opening a sentence says nothing, so a name there must earn its place: it is known to the
 * gazetteers, is a given name, has more than one word, starts with initials or a title, is followed by what
 * follows a person ("Kwame and I", "Chen is my neighbor"), or is addressed ("Jolene, guess what"). Ordinary words
 * ("Yesterday", "Went", "Thanks", "Love") and words shaped like verbs or adverbs ("Started", "Honestly") are
 * dropped from the front of a name; what remains is a name ("My TV", "Merry Christmas").
 */
final class NameSpans {

    /** A name found in a sentence. */
    record Name(int start, int end, List<Token> tokens, boolean opensSentence) {

        /** Capitalised words only, at most three, perhaps with a title or initials: shaped like a person's name. */
        boolean isPersonShaped() {
            return tokens.size() <= 4 && tokens.stream().allMatch(token -> token.kind() == Kind.TITLE
                    || token.kind() == Kind.INITIALS || token.isCapitalised() && !token.isWord("The")
                    || PARTICLES.contains(token.text()));
        }

        Token first() {
            return tokens.get(0);
        }

        Token last() {
            return tokens.get(tokens.size() - 1);
        }
    }

    private static final Set<String> PARTICLES = Set.of(
            "de", "da", "do", "dos", "das", "del", "della", "der", "den", "di", "du", "van", "von", "la", "le", "al",
            "el", "bin", "ibn", "y");
    /** Words a model number follows in a product name ("Model 3", "Series 9"). */
    private static final Set<String> MODEL_WORDS = Set.of("model", "series", "gen", "version", "mark");
    /** Words after a possessive that keep it inside the name. */
    private static final Set<String> AFTER_POSSESSIVE = Set.of(
            "hospital", "church", "college", "school", "cathedral", "park", "day", "eve", "square", "island",
            "bay", "garden", "gardens", "restaurant", "bar", "pub", "cafe", "kitchen", "store");
    /** Capitalised words that are no name: relations used as names, days and months the dates did not claim. */
    private static final Set<String> NOT_NAMES = Set.of(
            "mom", "mum", "mommy", "mummy", "dad", "daddy", "mama", "papa", "mamá", "papá", "grandma", "grandpa",
            "granny", "nana",
            "aunt", "auntie", "uncle", "cousin",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december");
    private static final Pattern FIRST_PERSON = Pattern.compile("I(?:'[a-z]+)?");
    /**
     * "Rio de Janeiro-based", "Tokyo-born": an English word after a hyphen is no part of the name; the short syllable
     * of a name written with a hyphen is ("Min-ji", "Hye-jin", "Seo-yeon"), except the Korean vocative ("Soyeon-ah"
     * speaks to Soyeon).
     */
    private static final Pattern LOWER_CASE_SUFFIX = Pattern.compile("-(?:\\p{Ll}{6,}|based|born|bred|made|ish|like"
            + "|era|style|owned|run|led|area|wide|free|bound|ah|ya)(?:-[\\p{L}-]*)?$|-\\p{Ll}+-[\\p{L}-]*$");
    static final Pattern VERB_OR_ADVERB_SHAPE = Pattern.compile("\\p{L}{2,}(?:ed|ing|ly)", CASE_INSENSITIVE);
    /** Things people do and organisations and places rarely do: "Kelechi proposed", "Tainá is staying". */
    static final String PERSON_VERBS = "proposed|visited|showed|cried|laughed|smiled|hugged|graduated|retired"
            + "|(?:is|was)\\s+staying|won|passed\\s+away|turned\\s+\\d+"
            + "|got\\s+(?:sick|ill|married|engaged|divorced|promoted|hired|fired|pregnant)"
            + "|(?:is|are|was|were)\\s+getting\\s+(?:married|engaged|divorced)"
            + "|had\\s+(?:a\\s+baby|twins|surgery|a\\s+stroke|a\\s+heart\\s+attack)";
    /**
     * What a person who opens a sentence does, as chat tells it: "Osas went back to work", "Rayan started school",
     * "Eero is full time now", "Aino is still in Tampere". A capitalised word that no list calls ordinary, alone
     * before one of these, is someone's name. What pets do as well ("came", "loves", "sleeps", "lives", "is now")
     * is left out: a pet's name looks like anyone's.
     */
    static final Pattern OPENING_SUBJECT = Pattern.compile("\\s+(?:just\\s+|finally\\s+|also\\s+|still\\s+)?"
            + "(?:went|bought|started|moved|left|gave|took|brought|drove|flew|joined|quit|finished|sent|met|helped"
            + "|taught|cooked|turned|(?:is|'s)\\s+(?:still|also|full|doing|moving|starting|leaving|working|studying|staying"
            + "|turning)|has\\s+(?:a|an|two|three)|works|studies)\\b",
            CASE_INSENSITIVE);
    /** What follows a person named at the start of a sentence. */
    private static final Pattern PERSON_FOLLOWS = Pattern.compile(
            "\\s+(?:and|&)\\s+I\\b|\\s+(?:is|was|'s)\\s+(?:my|our)\\s+" + Relations.QUALIFIED_RELATION + "\\b"
                    + "|'s\\s+" + Relations.QUALIFIED_RELATION + "\\b"
                    + "|\\s+(?:said|says|told|tells|texted|called|asked|invited|thinks|wants|just\\s+(?:told|called"
                    + "|texted)|" + PERSON_VERBS + ")\\b",
            CASE_INSENSITIVE);

    /** A comma after a word opening the sentence: "Jolene, guess what", unless the word is an ordinary one. */
    private static final Pattern ADDRESSED = Pattern.compile("\\s*,");

    private NameSpans() {
    }

    static List<Name> in(String text, List<Token> tokens, List<TextSpan> claimed) {
        List<Name> names = new ArrayList<>();
        boolean opensSentence = true;
        int index = 0;
        while (index < tokens.size()) {
            Token token = tokens.get(index);
            if (index > 0 && text.substring(tokens.get(index - 1).end(), token.start()).contains("\n")) {
                opensSentence = true;
            }
            if (!startsName(token) || isClaimed(token, claimed)) {
                if (token.endsSentence()) {
                    opensSentence = true;
                } else if (token.kind() != Kind.PUNCTUATION) {
                    opensSentence = false;
                }
                index++;
                continue;
            }
            int end = nameEnd(text, tokens, index, claimed);
            List<Token> name = tokens.subList(index, end);
            if (opensSentence) {
                name = openingName(text, name);
            }
            if (!name.isEmpty()) {
                names.add(name(text, name, opensSentence && name.get(0) == token));
            }
            opensSentence = false;
            index = end;
        }
        return names;
    }

    private static Name name(String text, List<Token> tokens, boolean opensSentence) {
        int start = tokens.get(0).start();
        int end = tokens.get(tokens.size() - 1).end();
        Matcher suffix = LOWER_CASE_SUFFIX.matcher(text).region(start, end);
        if (suffix.find()) {
            end = suffix.start();
        }
        return new Name(start, end, List.copyOf(tokens), opensSentence);
    }

    private static int nameEnd(String text, List<Token> tokens, int start, List<TextSpan> claimed) {
        int end = start + 1;
        while (end < tokens.size()) {
            int joined = joinedAt(text, tokens, start, end, claimed);
            if (joined == 0) {
                break;
            }
            end += joined;
        }
        return end;
    }

    /** How many tokens from {@code next} on continue the name of tokens [start, next); 0 when it ends there. */
    private static int joinedAt(String text, List<Token> tokens, int start, int next, List<TextSpan> claimed) {
        Token previous = tokens.get(next - 1);
        Token token = tokens.get(next);
        if (token.kind() == Kind.POSSESSIVE) {
            return continuesAt(text, tokens, next + 1, token, claimed)
                    && AFTER_POSSESSIVE.contains(tokens.get(next + 1).text().toLowerCase(Locale.ROOT)) ? 2 : 0;
        }
        if (!spaced(text, previous, token) || isClaimed(token, claimed)) {
            return 0;
        }
        if (continuesName(token)) {
            return 1;
        }
        if (token.kind() == Kind.NUMBER) {
            String sofar = text.substring(tokens.get(start).start(), previous.end());
            return token.text().length() <= 4 && (Gazetteer.containsProduct(sofar)
                    || MODEL_WORDS.contains(previous.text().toLowerCase(Locale.ROOT))) ? 1 : 0;
        }
        boolean joins = PARTICLES.contains(token.text()) || token.text().equals("&") || token.text().equals("of");
        if (joins && continuesAt(text, tokens, next + 1, token, claimed)) {
            return 2;
        }
        boolean title = token.text().equals("and") && (Gazetteer.typeOf(text.substring(tokens.get(start).start(),
                previous.end())).orElse(EntityType.THING) == EntityType.WORK
                || NameTyper.followsWorkCue(text, tokens.get(start).start()));
        if (token.text().equals("of") || title) {
            boolean article = next + 1 < tokens.size() && tokens.get(next + 1).text().equals("the")
                    && spaced(text, token, tokens.get(next + 1));
            return article && continuesAt(text, tokens, next + 2, tokens.get(next + 1), claimed) ? 3 : 0;
        }
        return 0;
    }

    private static boolean continuesAt(String text, List<Token> tokens, int index, Token before,
            List<TextSpan> claimed) {
        return index < tokens.size() && continuesName(tokens.get(index))
                && (before.kind() == Kind.POSSESSIVE || spaced(text, before, tokens.get(index)))
                && !isClaimed(tokens.get(index), claimed);
    }

    /** The name a sentence opens with, without the ordinary words in front of it; empty when it is no name. */
    private static List<Token> openingName(String text, List<Token> name) {
        Token first = name.get(0);
        if (first.kind() != Kind.WORD || Gazetteer.isKnown(spanText(text, name))
                || first.isWord("The") && name.size() > 1) {
            return name;
        }
        boolean ordinary = Gazetteer.isOrdinaryWord(first.text())
                || VERB_OR_ADVERB_SHAPE.matcher(first.text()).matches() && !Gazetteer.isGivenName(first.text());
        int end = name.get(name.size() - 1).end();
        boolean personFollows = PERSON_FOLLOWS.matcher(text).region(end, text.length()).lookingAt()
                || name.size() == 1 && OPENING_SUBJECT.matcher(text).region(end, text.length()).lookingAt();
        if (ordinary) {
            if (name.size() == 1) {
                // "Kelechi proposed" keeps a name shaped like a verb; "Everyone says" is no name
                return personFollows && !Gazetteer.isOrdinaryWord(first.text()) ? name : List.of();
            }
            List<Token> rest = name.subList(1, name.size());
            while (!rest.isEmpty() && rest.get(0).kind() == Kind.WORD && Gazetteer.isOrdinaryWord(rest.get(0).text())) {
                rest = rest.subList(1, rest.size());
            }
            return !rest.isEmpty() && startsName(rest.get(0)) ? rest : List.of();
        }
        boolean addressed = ADDRESSED.matcher(text).region(end, text.length()).lookingAt();
        return Gazetteer.isGivenName(first.text()) || name.size() > 1 || personFollows || addressed
                ? name : List.of();
    }

    private static String spanText(String text, List<Token> tokens) {
        return text.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
    }

    private static boolean startsName(Token token) {
        return token.kind() == Kind.TITLE || continuesName(token);
    }

    private static boolean continuesName(Token token) {
        if (token.kind() == Kind.INITIALS || token.kind() == Kind.TITLE) {
            return true;
        }
        if (!token.isCapitalised() && !token.isCamelCase()) {
            return false;
        }
        String lower = token.text().toLowerCase(Locale.ROOT);
        return !FIRST_PERSON.matcher(token.text()).matches() && !NOT_NAMES.contains(lower)
                && !(token.isAllCaps() && Gazetteer.isOrdinaryWord(lower));
    }

    private static boolean spaced(String text, Token before, Token after) {
        String gap = text.substring(before.end(), after.start());
        return !gap.isEmpty() && gap.isBlank() && !gap.contains("\n");
    }

    private static boolean isClaimed(Token token, List<TextSpan> claimed) {
        return claimed.stream().anyMatch(span -> span.overlaps(token.start(), token.end()));
    }
}
