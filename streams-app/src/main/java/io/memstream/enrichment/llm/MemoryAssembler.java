package io.memstream.enrichment.llm;

import io.memstream.enrichment.DateResolver;
import io.memstream.enrichment.DateResolver.ResolvedPhrase;
import io.memstream.enrichment.MemoryFields;
import io.memstream.enrichment.MemoryIds;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.MessageBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns validated drafts into {@link EnhancedMemory} records. Everything the model may not decide is set here from the
 * batch: the memory id ({@link MemoryIds#of} over user, batch and content), user, agent, session, batch ids, source
 * message ids, first/last seen, persona, expiry, model and prompt version. Date phrases are resolved by
 * {@link DateResolver} against the timestamp and zone of the message that contains them, exactly as the offline
 * enricher does; a phrase the resolver does not read as a date is dropped rather than trusted.
 */
public final class MemoryAssembler {

    private final String promptVersion;

    public MemoryAssembler(String promptVersion) {
        this.promptVersion = promptVersion;
    }

    /**
     * @param transcript the messages as numbered in the prompt: element {@code i} is message {@code n = i + 1}
     * @param pii the batch's redaction session; placeholders in the drafts get their values back
     * @param model what produced the drafts, {@code <provider>/<model>}
     */
    public List<EnhancedMemory> assemble(MessageBatch batch, List<ChatMessage> transcript, List<MemoryDraft> drafts,
                                         PiiRedactor.Session pii, String model) {
        Map<String, EnhancedMemory> byId = new LinkedHashMap<>();
        for (MemoryDraft draft : drafts) {
            EnhancedMemory memory = memory(batch, transcript, draft, pii, model);
            byId.merge(memory.getMemoryId(), memory, MemoryFields::merged);
        }
        return List.copyOf(byId.values());
    }

    private EnhancedMemory memory(MessageBatch batch, List<ChatMessage> transcript, MemoryDraft draft,
                                  PiiRedactor.Session pii, String model) {
        List<ChatMessage> sources = draft.sourceMessages().stream().sorted().map(n -> transcript.get(n - 1)).toList();
        String content = pii.restore(draft.content());
        List<ResolvedPhrase> dates = resolvedDates(draft.datePhrases(), sources, pii);
        ChatMessage first = sources.get(0);
        Instant firstSeen = sources.stream().map(ChatMessage::getTimestamp).min(Comparator.naturalOrder()).orElseThrow();
        Instant lastSeen = sources.stream().map(ChatMessage::getTimestamp).max(Comparator.naturalOrder()).orElseThrow();
        return EnhancedMemory.newBuilder()
                .setMemoryId(MemoryIds.of(batch.getUserId(), batch.getBatchId(), content))
                .setUserId(batch.getUserId())
                .setAgentId(batch.getAgentId())
                .setSessionId(batch.getSessionId())
                .setContent(content)
                .setSummary(pii.restore(draft.summary()))
                .setCategory(draft.category())
                .setPersona(MemoryFields.persona(first, batch))
                .setImportance(draft.importance())
                .setQualityScore(draft.quality())
                .setConfidence(draft.confidence())
                .setEntities(new ArrayList<>(draft.entities().stream()
                        .map(e -> new Entity(pii.restore(e.text()), e.type())).toList()))
                .setDates(new ArrayList<>(dates.stream().map(ResolvedPhrase::toResolvedDate).toList()))
                .setPeople(new ArrayList<>(pii.restoreAll(draft.people())))
                .setTags(new ArrayList<>(tags(draft.tags(), pii)))
                .setEmbedding(null)
                .setBatchIds(new ArrayList<>(List.of(batch.getBatchId())))
                .setSourceMessageIds(new ArrayList<>(sources.stream().map(ChatMessage::getMessageId).toList()))
                .setReinforcementCount(1)
                .setFirstSeen(firstSeen)
                .setLastSeen(lastSeen)
                .setExpiresAt(null)
                .setValidUntil("plan".equals(draft.category()) && !dates.isEmpty()
                        ? MemoryFields.validUntil(dates, DateResolver.zoneOrUtc(first.getTimezone())) : null)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel(model)
                .setPromptVersion(promptVersion)
                .build();
    }

    /**
     * Each phrase is resolved against the source message whose text contains it (the first source when none does),
     * so "tomorrow" said on Monday is Tuesday even if the batch closed on Wednesday.
     */
    private static List<ResolvedPhrase> resolvedDates(List<String> phrases, List<ChatMessage> sources,
                                                      PiiRedactor.Session pii) {
        List<ResolvedPhrase> resolved = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String phrase : phrases) {
            String text = pii.restore(phrase);
            ChatMessage writtenIn = sources.stream()
                    .filter(m -> m.getContent() != null
                            && m.getContent().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElse(sources.get(0));
            for (ResolvedPhrase date : DateResolver.resolve(text, writtenIn.getTimestamp(), writtenIn.getTimezone())) {
                if (seen.add(date.text().toLowerCase(Locale.ROOT) + '\u0000' + date.resolved())) {
                    resolved.add(date);
                }
            }
        }
        return resolved;
    }

    private static List<String> tags(List<String> tags, PiiRedactor.Session pii) {
        Set<String> lowerCase = new LinkedHashSet<>();
        tags.forEach(tag -> lowerCase.add(pii.restore(tag).toLowerCase(Locale.ROOT)));
        return List.copyOf(lowerCase);
    }
}
