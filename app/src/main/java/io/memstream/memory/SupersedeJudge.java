package io.memstream.memory;

import io.memstream.schemas.EnhancedMemory;

/**
 * Decides, for a new memory whose similarity to an active one falls in the band just below
 * {@code memory.reinforce.threshold} ({@code memory.judge.band} wide), or above it with a conflicting
 * {@link StatementDetails detail}, whether the new one states the same fact,
 * replaces the old one, or is unrelated. The offline {@link SubjectRules} decide before any judge is asked; a judge
 * is for what rules cannot see ("I'm vegetarian now" after "I love steak"), typically an LLM.
 *
 * <p>The index calls a judge on the stream thread, for the few memories in the band: an implementation that calls a
 * remote model must answer from work done off the stream thread (a cache filled asynchronously) or abstain.
 */
public interface SupersedeJudge {

    /** The judge's answer. */
    enum Verdict {
        /** The new memory states the same fact: it reinforces the old one. */
        SAME_FACT,
        /** The new memory replaces the old one, which becomes SUPERSEDED. */
        SUPERSEDES,
        /** No relation, or no answer: the rules decide. */
        ABSTAIN
    }

    /** The judge that never answers: the default, with no LLM provider configured. */
    SupersedeJudge NONE = (existing, candidate, similarity) -> Verdict.ABSTAIN;

    Verdict judge(EnhancedMemory existing, EnhancedMemory candidate, double similarity);
}
