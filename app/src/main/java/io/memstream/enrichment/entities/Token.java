package io.memstream.enrichment.entities;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A word, initials ("J.K."), a title ("Dr."), a number, a possessive "'s" or a punctuation mark of a sentence. */
record Token(int start, int end, String text, Kind kind) {

    enum Kind { WORD, INITIALS, TITLE, NUMBER, POSSESSIVE, PUNCTUATION }

    private static final Pattern TOKEN = Pattern.compile(
            "(?<initials>(?:\\p{Lu}\\.){2,}|\\p{Lu}\\.(?=\\s?\\p{Lu}))"
                    + "|(?<title>(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Mt|Ft)\\.)"
                    + "|(?<word>[\\p{L}\\p{M}][\\p{L}\\p{M}\\p{N}]*"
                    + "(?:(?:-|'(?![sS](?![\\p{L}\\p{N}])))[\\p{L}\\p{M}\\p{N}]+)*)"
                    + "|(?<number>\\p{N}+(?:[.,:]\\p{N}+)*)"
                    + "|(?<possessive>'[sS](?![\\p{L}\\p{N}]))"
                    + "|(?<punctuation>\\S)");

    /** Tokens of a sentence whose apostrophes are ASCII. */
    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(new Token(matcher.start(), matcher.end(), matcher.group(), kindOf(matcher)));
        }
        return tokens;
    }

    private static Kind kindOf(Matcher matcher) {
        if (matcher.group("initials") != null) {
            return Kind.INITIALS;
        }
        if (matcher.group("title") != null) {
            return Kind.TITLE;
        }
        if (matcher.group("word") != null) {
            return Kind.WORD;
        }
        if (matcher.group("number") != null) {
            return Kind.NUMBER;
        }
        return matcher.group("possessive") != null ? Kind.POSSESSIVE : Kind.PUNCTUATION;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isCapitalised() {
        return kind == Kind.WORD && Character.isUpperCase(text.codePointAt(0));
    }

    /** "iPhone", "eBay": a brand spelt with a capital after a small first letter. */
    boolean isCamelCase() {
        return kind == Kind.WORD && text.length() > 2 && Character.isLowerCase(text.charAt(0))
                && Character.isUpperCase(text.charAt(1));
    }

    boolean isAllCaps() {
        return kind == Kind.WORD && text.length() > 1 && text.chars().noneMatch(Character::isLowerCase);
    }

    /** Ends a sentence inside the text ("." "!" "?" "…" ":" ";"). */
    boolean endsSentence() {
        return kind == Kind.PUNCTUATION && ".!?…:;".contains(text);
    }
}
