package io.memstream.sink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Records of a topic a consumer group has yet to commit: the sum over partitions of last stable offset minus the
 * group's committed offset. The end is read as a read_committed consumer sees it, so open or aborted transactions do
 * not count as lag the sink could ever work off.
 */
final class ConsumerGroupLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String group;
    private final String topic;

    ConsumerGroupLag(Admin admin, String group, String topic) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
    }

    /** Kafka Connect's consumer group of a sink connector (Connect's default, {@code connect-<name>}). */
    static String sinkGroupOf(String connector) {
        return "connect-" + connector;
    }

    /** The lag, or NaN while the group has committed nothing on the topic. */
    double lag() throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        committed.keySet().removeIf(partition -> !partition.topic().equals(topic));
        committed.values().removeIf(java.util.Objects::isNull);
        if (committed.isEmpty()) {
            return Double.NaN;
        }
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        committed.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
        var endOffsets = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (var entry : committed.entrySet()) {
            lag += Math.max(0, endOffsets.get(entry.getKey()).offset() - entry.getValue().offset());
        }
        return lag;
    }
}
