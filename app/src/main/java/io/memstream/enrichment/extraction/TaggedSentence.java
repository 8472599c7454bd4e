package io.memstream.enrichment.extraction;

import java.util.Locale;
import java.util.Set;

/**
 * A sentence as OpenNLP sees it: tokens with their UD part-of-speech tags and lemmas. Contractions stay one token with
 * joined tags and lemmas ("I'm" is {@code PRON+AUX}, lemma {@code i+be}).
 */
record TaggedSentence(String[] tokens, String[] tags, String[] lemmas) {

    private static final Set<String> FIRST_PERSON =
            Set.of("i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves");
    /** Words that point at something named elsewhere; "he", "she" and "they" too, for a memory must say who. */
    private static final Set<String> REFERRING = Set.of("it", "them", "this", "that", "these", "those", "he", "him",
            "his", "she", "her", "they", "their");
    private static final Set<String> DEMONSTRATIVE = Set.of("this", "that", "these", "those");
    private static final Set<String> PERSONAL = Set.of("he", "him", "his", "she", "her", "they", "their");
    private static final Set<String> NAMING = Set.of("called", "named");
    private static final Set<String> RELATIVES = Set.of("who", "that", "which");
    /** Nouns that can be who "he", "she" or "they" are. */
    private static final Set<String> PERSON_NOUNS = Set.of(
            "wife", "husband", "sister", "brother", "mother", "mom", "mum", "father", "dad", "son", "daughter",
            "friend", "boss", "partner", "girlfriend", "boyfriend", "grandma", "grandmother", "grandpa",
            "grandfather", "aunt", "uncle", "cousin", "niece", "nephew", "parents", "kids", "children", "fiance",
            "fiancee", "roommate", "neighbor", "neighbour", "colleague", "coworker", "manager", "teacher", "baby",
            "family", "dog", "cat", "puppy", "kitten");
    /** Nouns that date a statement rather than name something a pronoun could point back to. */
    private static final Set<String> TIME_NOUNS = Set.of(
            "yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening", "night", "day", "week",
            "weekend", "month", "year", "summer", "winter", "spring", "fall", "autumn", "time", "while", "moment",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lot", "bit", "thing",
            "things", "stuff", "one");
    /** After an "it is" these make "it" a placeholder for what follows ("it's hard to ...", "it's been a year since"). */
    private static final Set<String> EXTRAPOSED = Set.of("to", "since", "that", "when", "how", "if");

    int size() {
        return tokens.length;
    }

    private String lower(int i) {
        return tokens[i].toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    }

    private boolean isVerb(int i) {
        return tags[i].contains("VERB") || tags[i].contains("AUX");
    }

    /** A noun, a name or a number ("my first 10k") other than a time word: something a pronoun can point back to. */
    private boolean isNoun(int i) {
        return ("NOUN".equals(tags[i]) || "PROPN".equals(tags[i]) || "NUM".equals(tags[i]))
                && !TIME_NOUNS.contains(lower(i));
    }

    /** The user speaks of themself: I, me, my, we, our... or a contraction of them. */
    boolean isFirstPerson() {
        for (int i = 0; i < tokens.length; i++) {
            String word = lower(i);
            int apostrophe = word.indexOf('\'');
            if (FIRST_PERSON.contains(apostrophe > 0 ? word.substring(0, apostrophe) : word)) {
                return true;
            }
        }
        return false;
    }

    /** The sentence opens with the user as its subject or owner ("I love hiking", "My knee is fine", "We're back"). */
    boolean opensWithTheUser() {
        for (int i = 0; i < tokens.length; i++) {
            if ("ADV".equals(tags[i]) || "INTJ".equals(tags[i]) || "PUNCT".equals(tags[i])) {
                continue;
            }
            String word = lower(i);
            int apostrophe = word.indexOf('\'');
            return FIRST_PERSON.contains(apostrophe > 0 ? word.substring(0, apostrophe) : word);
        }
        return false;
    }

    /** "Lost my job yesterday", "Just got my first tattoo": a chat sentence whose subject "I" is left out. */
    boolean dropsItsSubject() {
        for (int i = 0; i < tokens.length; i++) {
            if ("ADV".equals(tags[i]) || "INTJ".equals(tags[i]) || "PUNCT".equals(tags[i])) {
                continue;
            }
            return "VERB".equals(tags[i]) && isSimplePast(i);
        }
        return false;
    }

    /**
     * Whether the sentence's first finite verb is in the simple past ("I went", "Lost my job", "we were"). The
     * perfect ("I've decided") and anything present or future are not.
     */
    boolean isPastTense() {
        for (int i = 0; i < tokens.length; i++) {
            if (isVerb(i)) {
                return isSimplePast(i);
            }
        }
        return false;
    }

    private boolean isSimplePast(int i) {
        String word = lower(i);
        String lemma = lemmas[i].toLowerCase(Locale.ROOT);
        if (lemma.contains("+")) {
            // a contraction: only "didn't", "wasn't", "weren't", "hadn't" are past
            return word.startsWith("did") || word.startsWith("was") || word.startsWith("were")
                    || word.startsWith("had");
        }
        if ("was".equals(word) || "were".equals(word)) {
            return true;
        }
        if ("be".equals(lemma) || word.equals(lemma) || word.endsWith("ing") || word.equals(lemma + "s")
                || word.equals(lemma + "es") || word.endsWith("ies")) {
            return false;
        }
        return !(i > 0 && (lemmas[i - 1].endsWith("have") || lemmas[i - 1].endsWith("be")));
    }

    /** Whether the sentence names someone or something ("Kenji", "Tokyo"). */
    boolean hasName() {
        for (int i = 0; i < tokens.length; i++) {
            if ("PROPN".equals(tags[i])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the sentence has a verb at all, rather than being a fragment ("A shiba inu!!"). */
    boolean hasVerb() {
        for (int i = 0; i < tokens.length; i++) {
            if (isVerb(i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the sentence names something (a noun other than a time word) a later pronoun could refer to. */
    boolean hasReferent() {
        for (int i = 0; i < tokens.length; i++) {
            if (isNoun(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a word of the sentence points at something the sentence does not name: "it", "them", "this",
     * "that" as pronouns, "this quote" with a demonstrative before a noun, "there" as a place. Another noun of the
     * sentence, before or after, resolves them ("I bought a camera and love it", "I did it, I moved to Kamakura"), as
     * do a relative "that" ("the book that I read"), an existential "there is", and "it" as a placeholder ("it's hard
     * to say no").
     */
    boolean hasUnresolvedReference() {
        return hasReference() && !namesBesidesReferences();
    }

    /** Whether the sentence has "it", "them", "he", "this"/"that" as pronouns, "this quote", or a place "there". */
    boolean hasReference() {
        for (int i = 0; i < tokens.length; i++) {
            String word = lower(i);
            if (isReferring(i, word.contains("'") ? word.substring(0, word.indexOf('\'')) : word)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a noun or name other than the references themselves is in the sentence. */
    private boolean namesBesidesReferences() {
        for (int i = 0; i < tokens.length; i++) {
            String word = lower(i);
            String head = word.contains("'") ? word.substring(0, word.indexOf('\'')) : word;
            if (isReferring(i, head)) {
                if (DEMONSTRATIVE.contains(head) && "DET".equals(tags[i])) {
                    i++; // "this quote": the noun is the reference, not its antecedent
                }
            } else if (isNoun(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether "he", "she" or "they" speak of someone the sentence does not name before them ("she loves modern art",
     * "they're staying in Dhaka": a name after the pronoun is more often where than who).
     */
    boolean hasUnnamedPerson() {
        for (int i = 0; i < tokens.length; i++) {
            String word = lower(i);
            String head = word.contains("'") ? word.substring(0, word.indexOf('\'')) : word;
            if ("PROPN".equals(tags[i]) || PERSON_NOUNS.contains(lemmas[i].toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (PERSONAL.contains(head) && tags[i].startsWith("PRON")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sentence opens with someone named as its subject: "Andre and his brother were at the finish", "Osas still
     * works at the bank"; a name followed by a comma is spoken to, not spoken of.
     */
    boolean opensWithAPerson() {
        int first = firstContentToken();
        if (first < 0 || !"PROPN".equals(tags[first])) {
            return false;
        }
        for (int i = first + 1; i < tokens.length; i++) {
            if ("PROPN".equals(tags[i]) || "ADV".equals(tags[i])) {
                continue;
            }
            return isVerb(i) || "and".equals(lower(i));
        }
        return false;
    }

    /**
     * "a greyhound called Pipoca who was rescued": a noun phrase that names or describes what the sentence before
     * spoke of, its first verb naming ("called", "named") or in a relative clause ("who", "that", "which").
     */
    boolean isAppositive() {
        int first = firstContentToken();
        if (first < 0 || !"a".equals(lemmas[first].toLowerCase(Locale.ROOT)) || !"DET".equals(tags[first])) {
            return false;
        }
        for (int i = first + 1; i < tokens.length; i++) {
            if (isVerb(i)) {
                return NAMING.contains(lower(i)) || RELATIVES.contains(lower(i - 1));
            }
        }
        return false;
    }

    /**
     * "at the cottage, at sunrise, with a ring I made": phrases that say where, when or how the sentence before
     * happened, each opening with a preposition, and no clause of its own.
     */
    boolean isCircumstance() {
        int first = firstContentToken();
        if (first < 0 || !"ADP".equals(tags[first])) {
            return false;
        }
        boolean phrase = true;
        for (int i = first; i < tokens.length; i++) {
            if (",".equals(tokens[i])) {
                phrase = false;
            } else if (!phrase) {
                if (!"ADP".equals(tags[i])) {
                    return false;
                }
                phrase = true;
            } else if (isVerb(i) && i < firstComma(first)) {
                return false;
            }
        }
        return true;
    }

    private int firstComma(int from) {
        for (int i = from; i < tokens.length; i++) {
            if (",".equals(tokens[i])) {
                return i;
            }
        }
        return tokens.length;
    }

    private int firstContentToken() {
        for (int i = 0; i < tokens.length; i++) {
            if (!"ADV".equals(tags[i]) && !"INTJ".equals(tags[i]) && !"PUNCT".equals(tags[i])) {
                return i;
            }
        }
        return -1;
    }

    private boolean isReferring(int i, String head) {
        if ("there".equals(head)) {
            return "ADV".equals(tags[i]);
        }
        if (!REFERRING.contains(head)) {
            return false;
        }
        if (DEMONSTRATIVE.contains(head) && "DET".equals(tags[i])) {
            return i + 1 < tokens.length && isNoun(i + 1);
        }
        if (!tags[i].startsWith("PRON")) {
            return false;
        }
        if ("it".equals(head)) {
            return !isPlaceholderIt(i);
        }
        return true;
    }

    private boolean isPlaceholderIt(int i) {
        boolean copula = lemmas[i].toLowerCase(Locale.ROOT).endsWith("+be")
                || (i + 1 < tokens.length && "be".equalsIgnoreCase(lemmas[i + 1]));
        if (!copula) {
            return false;
        }
        for (int j = i + 1; j < tokens.length; j++) {
            if (EXTRAPOSED.contains(lower(j)) && !"PRON".equals(tags[j])) {
                return true;
            }
        }
        return false;
    }
}
