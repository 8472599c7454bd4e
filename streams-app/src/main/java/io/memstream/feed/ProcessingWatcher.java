package io.memstream.feed;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when a consumer group has processed given records: its committed offset on each partition is
 * past the record's offset. Under exactly-once the commit and the outputs are one transaction, so a
 * committed input means its outputs are committed too.
 */
public final class ProcessingWatcher {

    private final Admin admin;

    public ProcessingWatcher(Admin admin) {
        this.admin = admin;
    }

    /** Waits until {@code groupId} has committed past every offset in {@code lastOffsets}. */
    public void awaitProcessed(String groupId, Map<TopicPartition, Long> lastOffsets, Duration timeout,
                               Consumer<Long> remaining) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long behind = behind(groupId, lastOffsets);
            remaining.accept(behind);
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumer group " + groupId + " is still " + behind
                        + " records behind after " + timeout + "; is the app running? see its log");
            }
            Thread.sleep(250);
        }
    }

    /** How many of the records up to {@code lastOffsets} the group has not committed yet. */
    public long behind(String groupId, Map<TopicPartition, Long> lastOffsets) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId + ": " + e.getCause().getMessage(), e.getCause());
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> last : lastOffsets.entrySet()) {
            OffsetAndMetadata c = committed.get(last.getKey());
            long next = c == null ? 0 : c.offset();
            behind += Math.max(0, last.getValue() + 1 - next);
        }
        return behind;
    }
}
