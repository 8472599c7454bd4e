package io.memstream.config;

/** {@code shutdown.leave.group}: whether a stopping instance leaves the consumer group. */
public enum LeaveGroup {
    /** Leave unless the instance is a static member (group.instance.id set). */
    AUTO,
    ALWAYS,
    NEVER
}
