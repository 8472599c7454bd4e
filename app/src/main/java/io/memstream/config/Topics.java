package io.memstream.config;

import java.util.Optional;

/**
 * memstream's topics ({@code topic.*}) and how missing ones are created at start-up.
 *
 * @param memoryIndex the internal topic repartitioning candidates and commands by memory scope
 * @param replicationFactor of created topics; empty for the broker's default
 */
public record Topics(String messages, String batches, String memories, String rejectedMemories, String commands,
                     String memoryIndex, String forgotten, String deadLetterSuffix, boolean create, int partitions,
                     Optional<Short> replicationFactor) {

    /** The dead-letter topic of an input topic. */
    public String deadLetterOf(String inputTopic) {
        return inputTopic + deadLetterSuffix;
    }
}
