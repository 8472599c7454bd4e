package io.memstream.memory;

/**
 * A single-valued attribute of the user that a memory states, and the value it gives: {@code residence = berlin},
 * {@code work = a nurse at hospital santa maria}. Two active memories of a scope with the same slot and different
 * values contradict each other: the newer supersedes the older.
 *
 * @param slot  what the memory is about, e.g. "residence", "favourite:colour"
 * @param value the normalised value
 */
public record Subject(String slot, String value) {

    /** True when both state the same value: equal, or one a more precise form of the other ("berlin" / "berlin, germany"). */
    public boolean sameValueAs(Subject other) {
        return value.equals(other.value) || value.startsWith(other.value + ",") || other.value.startsWith(value + ",");
    }
}
