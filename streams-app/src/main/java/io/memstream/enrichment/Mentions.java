package io.memstream.enrichment;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import io.memstream.enrichment.DateResolver.ResolvedPhrase;
import io.memstream.schemas.Entity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one sentence mentions: entities (dates, e-mails, capitalised names, numbers), people (names and relation
 * words, in text order) and the relation words alone. Capitalised words opening the sentence are left out:
 * there a capital says nothing about being a name.
 */
record Mentions(List<Entity> entities, List<String> people, List<String> relations) {

    static final String DATE = "DATE";
    static final String PERSON = "PERSON";
    static final String PLACE = "PLACE";
    static final String ORGANIZATION = "ORGANIZATION";
    static final String EMAIL = "EMAIL";
    static final String NUMBER = "NUMBER";
    static final String THING = "THING";

    private static final String NAME_WORD =
            "(?!I(?:'\\p{L}+)?(?![\\p{L}\\p{N}]))\\p{Lu}[\\p{L}\\p{M}\\p{N}'&-]*";
    private static final Pattern NAME = Pattern.compile(
            "(?<![\\p{L}\\p{N}'&-])" + NAME_WORD + "(?: " + NAME_WORD + ")*");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern DIGITS = Pattern.compile("\\b\\d+(?:[.,]\\d+)*\\b");
    private static final Pattern RELATION_MENTION = Pattern.compile(
            "\\bmy\\s+" + OfflineEnricher.RELATION.replace(" ", "\\s+") + "\\b", CASE_INSENSITIVE);

    /** Context right before a name, matched at its end, that makes the name a person the user knows. */
    private static final Pattern BEFORE_PERSON = Pattern.compile(
            "(?:\\bmy\\s+" + OfflineEnricher.RELATION.replace(" ", "\\s+") + "\\s*,?\\s*(?:(?:is|named|called)\\s+){0,2}"
                    + "|\\b(?:call|calling|called|meet|meeting|met|with|named)\\s+)$",
            CASE_INSENSITIVE);
    /** The user's own name: a person, though not someone the user mentions. */
    private static final Pattern BEFORE_OWN_NAME =
            Pattern.compile("\\b(?:my\\s+name\\s+is|call\\s+me|name's)\\s+$", CASE_INSENSITIVE);
    private static final Pattern BEFORE_EMPLOYER =
            Pattern.compile("\\bwork(?:s|ing|ed)?\\s+(?:at|for)\\s+$", CASE_INSENSITIVE);
    private static final Pattern BEFORE_PLACE =
            Pattern.compile("\\b(?:in|to|from|at|near)\\s+(?:the\\s+)?$", CASE_INSENSITIVE);
    /** Enough text before a name for its longest context ("my younger girlfriend, is called "). */
    private static final int CONTEXT_WINDOW = 48;

    private record Span(int start, int end, String text, String type) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    /**
     * @param text the sentence with ASCII apostrophes, for matching
     * @param content the sentence as written, same length, for the entity texts
     */
    static Mentions in(String text, String content, List<ResolvedPhrase> dates) {
        List<Span> spans = new ArrayList<>();
        dates.forEach(date -> spans.add(new Span(date.start(), date.end(), date.text(), DATE)));
        addFree(spans, EMAIL_ADDRESS.matcher(content), EMAIL);
        List<Span> people = new ArrayList<>();
        int sentenceStart = firstWordStart(text);
        Matcher name = NAME.matcher(text);
        while (name.find()) {
            if (name.start() == sentenceStart) {
                continue;
            }
            String written = withoutPossessive(content.substring(name.start(), name.end()));
            Span span = new Span(
                    name.start(), name.start() + written.length(), written, nameType(text, name.start()));
            if (spans.stream().noneMatch(span::overlaps)) {
                spans.add(span);
                if (isPersonMentioned(text, span.start())) {
                    people.add(span);
                }
            }
        }
        addFree(spans, DIGITS.matcher(content), NUMBER);
        List<Span> relations = new ArrayList<>();
        Matcher relation = RELATION_MENTION.matcher(text);
        while (relation.find()) {
            relations.add(new Span(relation.start(1), relation.end(1),
                    relation.group(1).toLowerCase(Locale.ROOT), PERSON));
        }
        people.addAll(relations);
        return new Mentions(entities(spans), distinctTexts(people), distinctTexts(relations));
    }

    private static void addFree(List<Span> spans, Matcher matcher, String type) {
        while (matcher.find()) {
            Span span = new Span(matcher.start(), matcher.end(), matcher.group(), type);
            if (spans.stream().noneMatch(span::overlaps)) {
                spans.add(span);
            }
        }
    }

    private static String nameType(String text, int start) {
        if (isPersonMentioned(text, start) || endsBefore(BEFORE_OWN_NAME, text, start)) {
            return PERSON;
        }
        if (endsBefore(BEFORE_EMPLOYER, text, start)) {
            return ORGANIZATION;
        }
        return endsBefore(BEFORE_PLACE, text, start) ? PLACE : THING;
    }

    private static boolean isPersonMentioned(String text, int start) {
        return endsBefore(BEFORE_PERSON, text, start);
    }

    private static boolean endsBefore(Pattern context, String text, int start) {
        return context.matcher(text).region(Math.max(0, start - CONTEXT_WINDOW), start)
                .useTransparentBounds(true).find();
    }

    private static int firstWordStart(String text) {
        int index = 0;
        while (index < text.length() && !Character.isLetterOrDigit(text.codePointAt(index))) {
            index += Character.charCount(text.codePointAt(index));
        }
        return index;
    }

    private static String withoutPossessive(String name) {
        return name.endsWith("'s") || name.endsWith("’s") ? name.substring(0, name.length() - 2) : name;
    }

    private static List<Entity> entities(List<Span> spans) {
        Set<String> seen = new TreeSet<>();
        return spans.stream()
                .sorted(Comparator.comparingInt(Span::start))
                .filter(span -> seen.add(span.text().toLowerCase(Locale.ROOT)))
                .map(span -> new Entity(span.text(), span.type()))
                .toList();
    }

    private static List<String> distinctTexts(List<Span> spans) {
        return spans.stream().sorted(Comparator.comparingInt(Span::start)).map(Span::text).distinct().toList();
    }
}
