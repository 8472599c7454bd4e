package io.memstream.memory;

import java.util.List;

/**
 * What the index does with one candidate memory of a scope.
 *
 * @param kind       the outcome
 * @param targets    REINFORCE: the one memory reinforced; SUPERSEDE: the memories the candidate replaces; else empty
 * @param reason     why, for logs and tests: "same content", "similarity 0.912", "subject residence", ...
 */
public record MemoryDecision(Kind kind, List<String> targets, String reason) {

    /** The outcomes, in the order the index tries them. */
    public enum Kind {
        /** The candidate's id is already in the index: a replay; nothing changes. */
        DUPLICATE,
        /** The candidate states an active memory again: that memory is re-emitted, reinforced. */
        REINFORCE,
        /** The candidate gives a subject a new value: it is added, the old memories become SUPERSEDED. */
        SUPERSEDE,
        /** The candidate is added as it is. */
        NEW
    }

    static MemoryDecision duplicate() {
        return new MemoryDecision(Kind.DUPLICATE, List.of(), "already indexed");
    }

    static MemoryDecision reinforce(String target, String reason) {
        return new MemoryDecision(Kind.REINFORCE, List.of(target), reason);
    }

    static MemoryDecision supersede(List<String> targets, String reason) {
        return new MemoryDecision(Kind.SUPERSEDE, List.copyOf(targets), reason);
    }

    static MemoryDecision created() {
        return new MemoryDecision(Kind.NEW, List.of(), "no match");
    }
}
