package io.memstream.app;

import io.memstream.config.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates memstream's topics that are missing; existing topics are left as they are. Internal topics are not listed:
 * Kafka Streams creates the changelogs and the repartition by session
 * ({@code <application.id>-chat-messages-by-session-repartition}, with chat-messages' partition count) itself, and
 * the reset tool deletes them.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** The topics the app reads and writes, with the settings they are created with. */
    public static List<NewTopic> topicsOf(Topics topics) {
        Optional<Integer> partitions = Optional.of(topics.partitions());
        Optional<Short> replication = topics.replicationFactor();
        List<NewTopic> created = new ArrayList<>();
        for (String name : List.of(topics.messages(), topics.batches(),
                topics.deadLetterOf(topics.messages()), topics.deadLetterOf(topics.batches()),
                topics.deadLetterOf(topics.memories()), topics.rejectedMemories())) {
            created.add(new NewTopic(name, partitions, replication));
        }
        // Memory index: commands in, the repartition by scope, and their dead letters.
        for (String name : List.of(topics.commands(), topics.deadLetterOf(topics.commands()),
                topics.memoryIndex(), topics.deadLetterOf(topics.memoryIndex()))) {
            created.add(new NewTopic(name, partitions, replication));
        }
        for (String name : List.of(topics.memories(), topics.forgotten())) {
            created.add(new NewTopic(name, partitions, replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
        return created;
    }

    /** Creates every topic of {@link #topicsOf} that does not exist yet. */
    public static void createMissing(Admin admin, Topics topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topicsOf(topics).stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create memstream's topics: " + e.getCause().getMessage()
                    + "; create them by hand or give the app's principal CREATE on the cluster", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
