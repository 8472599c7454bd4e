package io.memstream.config;

import java.util.Optional;

/**
 * How an instance stops: whether it leaves the consumer group ({@code shutdown.leave.group}), given its membership.
 *
 * @param groupInstanceId Kafka's group.instance.id, present for a static member
 */
public record ShutdownSettings(LeaveGroup leaveGroup, Optional<String> groupInstanceId) {

    /** True when a stopping instance should leave the consumer group. */
    public boolean leavesGroup() {
        return switch (leaveGroup) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> groupInstanceId.isEmpty();
        };
    }
}
