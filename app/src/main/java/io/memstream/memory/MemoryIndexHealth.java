package io.memstream.memory;

import io.memstream.schemas.EnhancedMemory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A read-only summary of the memory index of this instance, for {@code /health/memory} (which adds what the index did,
 * from memstream_memories_total): cheap to compute (no scan of the stores), so it can be polled. It reads the stages'
 * own state (the store, the embedders' queue count), never meters, so it answers for this instance alone.
 * {@code total_memories} is RocksDB's estimate over this instance's active tasks.
 */
public final class MemoryIndexHealth {

    private MemoryIndexHealth() {
    }

    /** Field name → value, in a stable order; {@code total_memories} is -1 while the stores are not queryable. */
    public static Map<String, Object> of(KafkaStreams streams, String memoriesStore, MemoryServices memory) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("total_memories", approximateTotal(streams, memoriesStore));
        health.put("embedding_queue", memory.queuedEmbeddings());
        return health;
    }

    private static long approximateTotal(KafkaStreams streams, String memoriesStore) {
        try {
            ReadOnlyKeyValueStore<String, EnhancedMemory> store = streams.store(StoreQueryParameters
                    .fromNameAndType(memoriesStore, QueryableStoreTypes.<String, EnhancedMemory>keyValueStore()));
            return store.approximateNumEntries();
        } catch (InvalidStateStoreException notReady) {
            return -1;
        }
    }
}
