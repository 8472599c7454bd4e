package io.memstream.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The Kafka Streams client's state as the health endpoints need it: its lifecycle state and the state stores still
 * being restored from their changelogs. Readiness is "RUNNING and nothing restoring": an instance that serves while
 * it rebuilds a store would answer from half a store.
 */
public final class StreamsStatus {

    /** A store partition being restored: how far along it is. */
    public record Restoration(String store, String changelog, int partition, long restored, long total) {
    }

    private final Instant startedAt = Instant.now();
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private final Map<TopicPartition, Restoration> restoring = new ConcurrentHashMap<>();

    /** Records a transition; give it every state the client's state listener sees. */
    public void onStateChange(KafkaStreams.State now) {
        state = now;
    }

    public KafkaStreams.State state() {
        return state;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Store partitions whose restoration has started and not ended. */
    public List<Restoration> restoring() {
        return List.copyOf(restoring.values());
    }

    /** Ready to serve: RUNNING with every store restored. */
    public boolean ready() {
        return state == KafkaStreams.State.RUNNING && restoring.isEmpty();
    }

    /** Alive: the client has not failed or stopped (CREATED, REBALANCING and RUNNING are alive). */
    public boolean alive() {
        return state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
    }

    /** The listener to set with {@code KafkaStreams.setGlobalStateRestoreListener} before the client starts. */
    public StateRestoreListener restoreListener() {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
                restoring.put(changelog, new Restoration(store, changelog.topic(), changelog.partition(), 0,
                        Math.max(0, endingOffset - startingOffset)));
            }

            @Override
            public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
                restoring.computeIfPresent(changelog, (tp, r) ->
                        new Restoration(r.store(), r.changelog(), r.partition(), r.restored() + numRestored, r.total()));
            }

            @Override
            public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
                restoring.remove(changelog);
            }

            @Override
            public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
                restoring.remove(changelog);
            }
        };
    }
}
