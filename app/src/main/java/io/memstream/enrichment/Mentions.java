package io.memstream.enrichment;

import io.memstream.enrichment.DateResolver.ResolvedPhrase;
import io.memstream.enrichment.entities.EntityRecognizer;
import io.memstream.enrichment.entities.EntityType;
import io.memstream.enrichment.entities.Recognition;
import io.memstream.enrichment.entities.TextSpan;
import io.memstream.schemas.Entity;
import java.util.List;

/**
 * What one sentence mentions, as the memory records it: typed entities (dates, e-mails, names, numbers), people
 * (names and relations in text order, "Ana (sister)" when linked) and the relation words alone. The recognition
 * itself is {@link EntityRecognizer}'s; this adapts it to the schema.
 */
record Mentions(List<Entity> entities, List<String> people, List<String> relations) {

    static final String DATE = EntityType.DATE.name();

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
}
