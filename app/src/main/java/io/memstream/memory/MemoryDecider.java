package io.memstream.memory;

import io.memstream.domain.MemoryIds;
import io.memstream.schemas.EnhancedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The decision rules of the index, for one candidate against the memories of its scope, first match wins:
 * <ol>
 *   <li>the candidate's memory_id is already indexed: DUPLICATE (a replay);</li>
 *   <li>an active memory has the same normalised content: REINFORCE it;</li>
 *   <li>the candidate states a {@link Subject} that active memories state too: the same value REINFORCEs the most
 *       recently seen of them, another value SUPERSEDEs all of them;</li>
 *   <li>an active memory has cosine similarity at or above the reinforce threshold and no conflicting
 *       {@link StatementDetails detail} (a number, a name, a negation, a time of day...): REINFORCE the most similar
 *       such memory;</li>
 *   <li>a {@link SupersedeJudge} answers for the other active memories at or above the threshold (those with a
 *       conflicting detail) and those in the band below it, most similar first;</li>
 *   <li>otherwise NEW.</li>
 * </ol>
 * Subject rules come before similarity on purpose: "I work as a nurse at X" and "I work as a doctor at X" are close
 * in embedding space and still a change of job. Only active memories are compared: a superseded memory is history.
 */
public final class MemoryDecider {

    private final double reinforceThreshold;
    private final double judgeBand;
    private final SupersedeJudge judge;

    public MemoryDecider(double reinforceThreshold, double judgeBand, SupersedeJudge judge) {
        this.reinforceThreshold = reinforceThreshold;
        this.judgeBand = judgeBand;
        this.judge = judge;
    }

    /**
     * @param view     the scope's memories
     * @param loader   reads a memory of the scope by id (for the judge, which sees whole memories)
     * @param candidate the new memory, with its embedding when it has one
     */
    MemoryDecision decide(ScopeView view, Function<String, EnhancedMemory> loader, EnhancedMemory candidate) {
        if (view.contains(candidate.getMemoryId())) {
            return MemoryDecision.duplicate();
        }
        Optional<ScopeView.Entry> sameContent = view.activeWithContent(MemoryIds.normalize(candidate.getContent()));
        if (sameContent.isPresent()) {
            return MemoryDecision.reinforce(sameContent.get().memoryId, "same content");
        }
        Optional<Subject> subject = SubjectRules.of(candidate.getContent());
        if (subject.isPresent()) {
            List<ScopeView.Entry> sameSlot = view.activeWithSlot(subject.get().slot());
            Optional<ScopeView.Entry> sameValue = sameSlot.stream().filter(e -> e.subject.sameValueAs(subject.get()))
                    .max((a, b) -> a.lastSeen != b.lastSeen ? Long.compare(a.lastSeen, b.lastSeen) : b.memoryId.compareTo(a.memoryId));
            if (sameValue.isPresent()) {
                return MemoryDecision.reinforce(sameValue.get().memoryId, "subject " + subject.get().slot() + ", same value");
            }
            if (!sameSlot.isEmpty()) {
                return MemoryDecision.supersede(sameSlot.stream().map(e -> e.memoryId).sorted().toList(),
                        "subject " + subject.get().slot() + ", new value");
            }
        }
        float[] probe = embeddingOf(candidate);
        List<ScopeView.Match> similar = view.activeSimilarTo(probe, Math.max(0, reinforceThreshold - judgeBand));
        Set<String> details = StatementDetails.of(candidate.getContent());
        Set<String> words = StatementDetails.words(candidate.getContent());
        List<ScopeView.Match> forTheJudge = new ArrayList<>();
        for (ScopeView.Match match : similar) {
            if (match.similarity() >= reinforceThreshold) {
                String content = match.entry().content;
                if (!StatementDetails.conflict(details, words, StatementDetails.of(content), StatementDetails.words(content))) {
                    return MemoryDecision.reinforce(match.entry().memoryId, similarity(match));
                }
            }
            forTheJudge.add(match);
        }
        for (ScopeView.Match match : judge == SupersedeJudge.NONE ? List.<ScopeView.Match>of() : forTheJudge) {
            EnhancedMemory existing = loader.apply(match.entry().memoryId);
            switch (judge.judge(existing, candidate, match.similarity())) {
                case SAME_FACT:
                    return MemoryDecision.reinforce(match.entry().memoryId, "judge: same fact, " + similarity(match));
                case SUPERSEDES:
                    return MemoryDecision.supersede(List.of(match.entry().memoryId), "judge: supersedes, " + similarity(match));
                default:
                    break;
            }
        }
        return MemoryDecision.created();
    }

    private static String similarity(ScopeView.Match match) {
        return String.format(Locale.ROOT, "similarity %.3f", match.similarity());
    }

    static float[] embeddingOf(EnhancedMemory memory) {
        List<Float> embedding = memory.getEmbedding();
        if (embedding == null || embedding.isEmpty()) {
            return null;
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = embedding.get(i);
        }
        return vector;
    }
}
