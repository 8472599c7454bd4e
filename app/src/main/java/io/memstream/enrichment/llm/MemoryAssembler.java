package io.memstream.enrichment.llm;

import io.memstream.domain.DateResolver.ResolvedPhrase;
import io.memstream.domain.DateResolver;
import io.memstream.domain.MemoryFields;
import io.memstream.domain.MemoryIds;
import io.memstream.domain.Tense;
import io.memstream.enrichment.llm.MemoryDraft.DraftDate;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.ResolvedDate;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns validated drafts into {@link EnhancedMemory} records. Everything the model may not decide is set here from the
 * batch: the memory id ({@link MemoryIds#of} over user, batch and content), user, agent, session, batch ids, source
 * message ids, first/last seen, persona, expiry, model and prompt version.
 *
 * <p>Dates: the deterministic {@link DateResolver} is the check. Each phrase the model gives is resolved against the
 * message that contains it (its timestamp, zone and sentence tense), exactly as the offline enricher does. When the
 * resolver recognises the phrase its value wins, and a different value from the model is counted in
 * {@link MetricNames#ENRICHMENT_DATE_DISAGREEMENTS}; when it does not, the model's value is kept if it reads as one of
 * the contract's forms ({@link ModelDates}), else the phrase is dropped.
 */
public final class MemoryAssembler {

    private final String promptVersion;
    private final MeterRegistry registry;

    public MemoryAssembler(String promptVersion, MeterRegistry registry) {
        this.registry = registry;
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
        List<ResolvedDate> dates = dates(draft.dates(), sources, pii, model);
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
                .setDates(new ArrayList<>(dates))
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
                        ? MemoryFields.validUntilAfter(dates.stream().map(date -> LocalDate.parse(date.getEnd())).toList(),
                                DateResolver.zoneOrUtc(first.getTimezone())) : null)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setModel(model)
                .setPromptVersion(promptVersion)
                .build();
    }

    /**
     * Each phrase is checked against the source message whose text contains it (the first source when none does), so
     * "tomorrow" said on Monday is Tuesday even if the batch closed on Wednesday.
     */
    private List<ResolvedDate> dates(List<DraftDate> drafts, List<ChatMessage> sources, PiiRedactor.Session pii,
                                            String model) {
        Map<String, ResolvedDate> byTextAndValue = new LinkedHashMap<>();
        for (DraftDate draft : drafts) {
            String text = pii.restore(draft.text());
            ChatMessage writtenIn = sources.stream()
                    .filter(m -> m.getContent() != null && indexOfIgnoringCase(m.getContent(), text) >= 0)
                    .findFirst()
                    .orElse(sources.get(0));
            ZoneId zone = DateResolver.zoneOrUtc(writtenIn.getTimezone());
            Optional<ModelDates.ModelDate> modelValue =
                    ModelDates.read(draft.resolved(), draft.precision(), zone, writtenIn.getTimestamp());
            List<ResolvedPhrase> checked = resolverReading(text, writtenIn);
            List<ResolvedDate> kept = checked.isEmpty()
                    ? modelValue.map(value -> value.toResolvedDate(text)).stream().toList()
                    : checked.stream().map(ResolvedPhrase::toResolvedDate).toList();
            if (!checked.isEmpty() && draft.resolved() != null && checked.stream()
                    .noneMatch(phrase -> modelValue.map(value -> value.resolved().equals(phrase.resolved())).orElse(false))) {
                registry.counter(MetricNames.ENRICHMENT_DATE_DISAGREEMENTS, MetricNames.TAG_MODEL, model).increment();
            }
            kept.forEach(date -> byTextAndValue.putIfAbsent(
                    date.getText().toLowerCase(Locale.ROOT) + '\u0000' + date.getResolved(), date));
        }
        return List.copyOf(byTextAndValue.values());
    }

    /**
     * The resolver's reading of a phrase: the phrases it finds in the message that overlap the phrase where the
     * message has it (so the sentence's tense counts), else those it finds in the phrase alone with the message's tense.
     */
    private static List<ResolvedPhrase> resolverReading(String text, ChatMessage message) {
        String content = message.getContent() == null ? "" : message.getContent();
        int start = indexOfIgnoringCase(content, text);
        if (start >= 0) {
            int end = start + text.length();
            return DateResolver.resolve(content, message.getTimestamp(), message.getTimezone()).stream()
                    .filter(phrase -> phrase.start() < end && start < phrase.end())
                    .toList();
        }
        return DateResolver.resolve(text, message.getTimestamp(), message.getTimezone(), Tense.of(content));
    }

    private static int indexOfIgnoringCase(String text, String part) {
        for (int i = 0; i + part.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> tags(List<String> tags, PiiRedactor.Session pii) {
        Set<String> lowerCase = new LinkedHashSet<>();
        tags.forEach(tag -> lowerCase.add(pii.restore(tag).toLowerCase(Locale.ROOT)));
        return List.copyOf(lowerCase);
    }
}
