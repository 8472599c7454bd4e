package io.memstream.domain;

import io.memstream.domain.DateResolver.ResolvedPhrase;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rules for memory fields that every enricher applies the same way, whoever wrote the content: the persona, until when a
 * plan is valid, and how two statements of one memory in a batch merge.
 */
public final class MemoryFields {

    public static final String PERSONA_METADATA_KEY = "persona";
    public static final String DEFAULT_PERSONA = "default";

    private MemoryFields() {
    }

    /** The message's metadata "persona", else its agent, else the batch's agent, else "default". */
    public static String persona(ChatMessage message, MessageBatch batch) {
        Map<String, String> metadata = message.getMetadata();
        return Stream.of(metadata == null ? null : metadata.get(PERSONA_METADATA_KEY), message.getAgentId(),
                        batch.getAgentId())
                .filter(candidate -> candidate != null && !candidate.isBlank())
                .findFirst()
                .orElse(DEFAULT_PERSONA);
    }

    /**
     * How long a plan is valid: until the end of the day after the last day its dates cover ("next week" counts to
     * its Sunday), in the writer's zone; null without dates. It marks the plan as past once that instant is behind the reader's clock; nothing is deleted on it.
     */
    public static Instant validUntil(List<ResolvedPhrase> dates, ZoneId zone) {
        return validUntilAfter(dates.stream().map(ResolvedPhrase::lastDay).toList(), zone);
    }

    /** The end of the day after the latest of these days, in the writer's zone; null without days. */
    public static Instant validUntilAfter(Collection<LocalDate> lastDays, ZoneId zone) {
        return lastDays.stream()
                .max(Comparator.naturalOrder())
                .map(day -> day.plusDays(2).atStartOfDay(zone).toInstant())
                .orElse(null);
    }

    /** The first statement of a memory, with the repeat's source messages added and first/last seen widened. */
    public static EnhancedMemory merged(EnhancedMemory first, EnhancedMemory repeat) {
        List<String> sources = new ArrayList<>(first.getSourceMessageIds());
        repeat.getSourceMessageIds().stream().filter(id -> !sources.contains(id)).forEach(sources::add);
        return EnhancedMemory.newBuilder(first)
                .setSourceMessageIds(sources)
                .setFirstSeen(first.getFirstSeen().isAfter(repeat.getFirstSeen()) ? repeat.getFirstSeen() : first.getFirstSeen())
                .setLastSeen(first.getLastSeen().isBefore(repeat.getLastSeen()) ? repeat.getLastSeen() : first.getLastSeen())
                .build();
    }
}
