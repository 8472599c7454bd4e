package io.memstream.memory;

import io.memstream.schemas.internal.MemoryIndexInput;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions memory-index-input by scope key, as the producer's default partitioner does a string key (murmur2 of
 * its UTF-8 bytes), and sends a command to every partition when {@code memory.scope=agent_user}: the scopes of one
 * user (one per agent) then live on different partitions, and only a command that reaches all of them forgets the
 * user everywhere.
 */
public final class ScopePartitioner implements StreamPartitioner<String, MemoryIndexInput> {

    private final boolean broadcastCommands;

    public ScopePartitioner(MemoryScope scope) {
        this.broadcastCommands = scope == MemoryScope.AGENT_USER;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, MemoryIndexInput value, int numPartitions) {
        if (broadcastCommands && value != null && value.getCommand() != null) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions));
    }
}
