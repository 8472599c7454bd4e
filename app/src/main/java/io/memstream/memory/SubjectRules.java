package io.memstream.memory;

import io.memstream.domain.MemoryIds;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline rule that finds "same subject, new value": a fixed table of first-person statements of single-valued
 * attributes (where the user lives, works, their name, birthday, age, a favourite, their partner, their contact).
 * "I live in Paris" then "I moved to Berlin" both state {@code residence}, with different values: the second
 * supersedes the first. Statements of many-valued things ("I love hiking", "my sister Anna") have no subject here and
 * are never superseded by a rule.
 *
 * <p>Patterns run on {@link MemoryIds#normalize normalised} content (lower case, single spaces, no final stop) with
 * ASCII apostrophes; the value loses trailing words that date the statement ("now", "these days").
 */
public final class SubjectRules {

    private record Rule(String slot, Pattern pattern) {
    }

    private static final String I_AM = "(?:i'm|i am)";
    private static final List<Rule> RULES = List.of(
            new Rule("residence", Pattern.compile(
                    "\\bi (?:(?:now |currently |still )?(?:live|reside)|" + I_AM + " (?:now )?(?:living|based)) in (?<value>.+)")),
            new Rule("residence", Pattern.compile(
                    "\\bi(?:'ve| have)? (?:just )?(?:moved|relocated) to (?<value>.+)")),
            new Rule("residence", Pattern.compile("\\bmy (?:home|address) is (?:in )?(?<value>.+)")),
            new Rule("work", Pattern.compile(
                    "\\bi (?:now |currently |still )?work (?:as|at|for) (?<value>.+)")),
            new Rule("work", Pattern.compile(
                    "\\b" + I_AM + " (?:now )?(?:working|employed) (?:as|at|for) (?<value>.+)")),
            new Rule("work", Pattern.compile("\\bi(?:'ve| have)? (?:just )?(?:joined|started working at|started at) (?<value>.+)")),
            new Rule("name", Pattern.compile("\\b(?:my name is|call me) (?<value>.+)")),
            new Rule("birthday", Pattern.compile("\\bmy birthday is (?:on )?(?<value>.+)")),
            new Rule("age", Pattern.compile("\\b" + I_AM + " (?<value>\\d{1,3}) ?(?:years old|yo)?$")),
            new Rule("favourite:", Pattern.compile("\\bmy fav(?:ou)?rite (?<key>[\\p{L} ]{2,30}?) is (?<value>.+)")),
            new Rule("partner:", Pattern.compile(
                    "\\bmy (?<key>wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?)(?:'s name is| is (?:called|named)| is) (?<value>.+)")),
            new Rule("contact:", Pattern.compile(
                    "\\bmy (?<key>phone number|phone|mobile number|email address|email|e-mail) is (?<value>.+)")));

    private static final Pattern DATING_WORDS = Pattern.compile(
            "(?:[ ,]+(?:now|currently|these days|nowadays|at the moment|since (?:last|this) \\w+|again))+$");

    private SubjectRules() {
    }

    /** The subject a memory's content states, if one of the rules recognises it. */
    public static Optional<Subject> of(String content) {
        String text = MemoryIds.normalize(content).replace('\u2019', '\'');
        for (Rule rule : RULES) {
            Matcher match = rule.pattern().matcher(text);
            if (match.find()) {
                String value = DATING_WORDS.matcher(match.group("value")).replaceFirst("").strip();
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                String slot = rule.slot().endsWith(":") ? rule.slot() + match.group("key") : rule.slot();
                return Optional.of(new Subject(slot, value));
            }
        }
        return Optional.empty();
    }
}
