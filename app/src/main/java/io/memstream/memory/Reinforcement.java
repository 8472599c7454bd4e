package io.memstream.memory;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.ResolvedDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * An active memory seen again. The existing memory keeps its id, content and summary; it gains the candidate's
 * entities, dates, tags, people, batch ids and source message ids (set unions, existing order first), takes the
 * higher importance, the wider first/last seen and the later expiry.
 *
 * <p>reinforcement_count goes up by one only when the candidate comes from a batch the memory has not seen yet: a
 * batch already in batch_ids (a replay, or a second statement of the same fact in one batch) merges its details
 * and counts nothing, so replaying input never inflates counts.
 */
final class Reinforcement {

    private Reinforcement() {
    }

    /** The reinforced memory, or the existing one itself when the candidate adds nothing. */
    static EnhancedMemory merge(EnhancedMemory existing, EnhancedMemory candidate) {
        boolean newBatch = !existing.getBatchIds().containsAll(candidate.getBatchIds());
        EnhancedMemory merged = EnhancedMemory.newBuilder(existing)
                .setEntities(union(existing.getEntities(), candidate.getEntities(), Reinforcement::entityKey))
                .setDates(union(existing.getDates(), candidate.getDates(), ResolvedDate::getResolved))
                .setPeople(union(existing.getPeople(), candidate.getPeople(), p -> p.toLowerCase(Locale.ROOT)))
                .setTags(union(existing.getTags(), candidate.getTags(), Function.identity()))
                .setBatchIds(union(existing.getBatchIds(), candidate.getBatchIds(), Function.identity()))
                .setSourceMessageIds(union(existing.getSourceMessageIds(), candidate.getSourceMessageIds(), Function.identity()))
                .setImportance(Math.max(existing.getImportance(), candidate.getImportance()))
                .setFirstSeen(min(existing.getFirstSeen(), candidate.getFirstSeen()))
                .setLastSeen(max(existing.getLastSeen(), candidate.getLastSeen()))
                .setReinforcementCount(existing.getReinforcementCount() + (newBatch ? 1 : 0))
                .build();
        return merged.equals(existing) ? existing : merged;
    }

    private static <T> List<T> union(List<T> first, List<T> second, Function<T, ?> identity) {
        LinkedHashSet<Object> seen = new LinkedHashSet<>();
        List<T> all = new ArrayList<>(first.size() + second.size());
        for (List<T> list : List.of(first, second)) {
            for (T item : list) {
                if (seen.add(Objects.requireNonNull(identity.apply(item)))) {
                    all.add(item);
                }
            }
        }
        return all;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Entities are the same when their text (ignoring case) and type are. */
    private static String entityKey(Entity entity) {
        return entity.getText().toLowerCase(Locale.ROOT) + '\0' + entity.getType();
    }
}
