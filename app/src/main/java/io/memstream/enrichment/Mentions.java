package io.memstream.enrichment;

import io.memstream.domain.DateResolver.ResolvedPhrase;
import io.memstream.enrichment.entities.EntityRecognizer;
import io.memstream.enrichment.entities.EntityType;
import io.memstream.enrichment.entities.Recognition;
import io.memstream.enrichment.entities.TextSpan;
import io.memstream.schemas.Entity;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one sentence mentions, as the memory records it: typed entities (dates, e-mails, names, numbers), people
 * (names and relations in text order, "Ana (sister)" when linked) and the relation words alone. The recognition
 * itself is {@link EntityRecognizer}'s; this adapts it to the schema.
 */
record Mentions(List<Entity> entities, List<String> people, List<String> relations) {

    static final String DATE = EntityType.DATE.name();
    private static final String PET = EntityType.PET.name();

    /**
     * @param text the sentence with ASCII apostrophes, for matching
     * @param content the sentence as written, same length, for the entity texts
     */
    static Mentions in(String text, String content, List<ResolvedPhrase> dates) {
        Recognition recognition = EntityRecognizer.recognize(text, content, dates.stream()
                .map(date -> new TextSpan(date.start(), date.end(), date.text(), EntityType.DATE))
                .toList());
        return new Mentions(
                recognition.entities().stream().map(span -> new Entity(span.text(), span.type().name())).toList(),
                recognition.people(),
                recognition.relations());
    }

    /** The pet names a message gives ("we adopted a puppy, Max"), lower-cased. */
    static Set<String> petsIn(String message) {
        String text = message.replace('\u2019', '\'');
        if (!EntityRecognizer.mayNamePet(text)) {
            return Set.of();
        }
        return EntityRecognizer.recognize(text, message, List.of()).entities().stream()
                .filter(span -> span.type() == EntityType.PET)
                .map(span -> span.text().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    /**
     * These mentions with the pets the user named before typed as pets: "Max chewed my sneakers" after "we adopted a
     * puppy, Max" is about a pet, and pets are never people (docs/memories.md), whatever their name looks like.
     */
    Mentions withPets(Set<String> pets) {
        if (pets.isEmpty()) {
            return this;
        }
        return new Mentions(
                entities.stream().map(entity -> pets.contains(entity.getText().toLowerCase(Locale.ROOT))
                        ? new Entity(entity.getText(), PET) : entity).toList(),
                people.stream().filter(person -> !pets.contains(person.toLowerCase(Locale.ROOT))).toList(),
                relations);
    }
}
