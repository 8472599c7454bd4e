package io.memstream.enrichment.entities;

import io.memstream.enrichment.entities.NameSpans.Name;
import io.memstream.enrichment.entities.NameTyper.Typed;
import io.memstream.enrichment.entities.Relations.Mention;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entities and people of one sentence by rules, gazetteers and the shape of names: no model, no network, the same
 * answer for the same sentence. It runs per sentence on the stream thread, so everything it needs is compiled and
 * loaded once and a sentence costs a few regular-expression scans.
 *
 * <p>Written here rather than taken from a library: OpenNLP and CoreNLP need statistical models (none for English
 * NER on Maven Central for OpenNLP, hundreds of megabytes for CoreNLP), and the contract wants types (PET, WORK,
 * PRODUCT) and relation-linked people ("Ana (sister)") that off-the-shelf taggers do not give.
 *
 * <p>Order of claims: the date phrases passed in, then e-mail addresses, then names (see {@link NameSpans} for how
 * they are found and {@link NameTyper} for how they are typed), then numbers; a later span never overlaps an
 * earlier one. A name of no known type listed right after a person ("Kenji and Aya") is a person too. The names
 * listed right after a group ("my cousins Divya and Arun") are its members: each takes the relation in the singular.
 */
public final class EntityRecognizer {

    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern DIGITS = Pattern.compile("\\b\\d+(?:[.,]\\d+)*\\b");
    /** "Kenji and Aya": a name joined right after a person is one too, unless typed otherwise. */
    private static final Pattern COORDINATION = Pattern.compile(",?\\s+(?:and|&)\\s+");

    private record Person(int start, String label) {
    }

    private EntityRecognizer() {
    }

    /** Whether the text may name a pet; when false, {@link #recognize} types no span {@link EntityType#PET}. */
    public static boolean mayNamePet(String text) {
        return NameTyper.mayNamePet(text);
    }

    /**
     * @param text the sentence with ASCII apostrophes, for matching
     * @param content the sentence as written, same length, for the entity texts
     * @param dates the sentence's date phrases, typed {@link EntityType#DATE}
     */
    public static Recognition recognize(String text, String content, List<TextSpan> dates) {
        List<TextSpan> spans = new ArrayList<>(dates);
        addFree(spans, EMAIL_ADDRESS.matcher(content), EntityType.EMAIL);
        List<Mention> relations = Relations.in(text);
        List<Mention> unlinked = new ArrayList<>(relations);
        List<Person> people = new ArrayList<>();
        Typed before = null;
        int beforeEnd = -1;
        Mention group = null;
        int groupEnd = -1;
        for (Name name : NameSpans.in(text, Token.of(text), spans)) {
            if (spans.stream().anyMatch(span -> span.overlaps(name.start(), name.end()))) {
                continue;
            }
            Optional<Mention> link = Relations.linkedTo(text, name.start(), name.end(), unlinked);
            Optional<Mention> member = link.isPresent() ? Optional.empty()
                    : Relations.groupOf(text, name.start(), relations, group, groupEnd);
            Typed typed = NameTyper.type(text, name, link.isPresent() || member.isPresent());
            if (typed.type() == EntityType.THING && before != null && before.type() == EntityType.PERSON
                    && name.isPersonShaped() && COORDINATION.matcher(text).region(beforeEnd, name.start()).matches()) {
                typed = new Typed(EntityType.PERSON, false);
            }
            before = typed;
            beforeEnd = name.end();
            String written = content.substring(name.start(), name.end());
            spans.add(new TextSpan(name.start(), name.end(), written, typed.type()));
            if (typed.type() == EntityType.PERSON && !typed.ownName() && member.isPresent()) {
                // "my cousins Divya and Arun": each name is one of the group, and the group is no one else
                unlinked.remove(member.get());
                group = member.get();
                groupEnd = name.end();
                people.add(new Person(name.start(), written + " (" + Relations.singular(group.relation()) + ")"));
            } else if (typed.type() == EntityType.PERSON && !typed.ownName()) {
                people.add(new Person(name.start(), link.map(relation -> {
                    unlinked.remove(relation);
                    return written + " (" + relation.relation() + ")";
                }).orElse(written)));
            }
        }
        unlinked.forEach(relation -> people.add(new Person(relation.start(), relation.relation())));
        addFree(spans, DIGITS.matcher(content), EntityType.NUMBER);
        return new Recognition(distinctInTextOrder(spans),
                people.stream().sorted(Comparator.comparingInt(Person::start)).map(Person::label).distinct().toList(),
                relations.stream().map(Mention::relation).distinct().toList());
    }

    private static void addFree(List<TextSpan> spans, Matcher matcher, EntityType type) {
        while (matcher.find()) {
            int start = matcher.start();
            int end = matcher.end();
            if (spans.stream().noneMatch(span -> span.overlaps(start, end))) {
                spans.add(new TextSpan(start, end, matcher.group(), type));
            }
        }
    }

    private static List<TextSpan> distinctInTextOrder(List<TextSpan> spans) {
        Set<String> seen = new HashSet<>();
        return spans.stream()
                .sorted(Comparator.comparingInt(TextSpan::start))
                .filter(span -> seen.add(span.text().toLowerCase(Locale.ROOT)))
                .toList();
    }
}
