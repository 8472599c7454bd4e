package io.memstream.memory;

import io.memstream.schemas.MemoryCommand;
import io.memstream.topology.TopologyNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store {@value TopologyNames#FORGOTTEN_STORE} equal to the compacted forgotten topic: each record
 * is stored as it is, so that a restore, which copies the topic into the store without this processor, gives the
 * same store.
 */
public final class ForgottenStoreUpdater implements Processor<String, MemoryCommand, Void, Void> {

    private KeyValueStore<String, MemoryCommand> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(TopologyNames.FORGOTTEN_STORE);
    }

    @Override
    public void process(Record<String, MemoryCommand> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
