package io.memstream.memory;

import io.memstream.schemas.MemoryCommand;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store of forget commands equal to the compacted forgotten topic ({@link ForgetRegister}): each record
 * is stored as it is, so that a restore, which copies the topic into the store without this processor, gives the
 * same store.
 */
public final class ForgottenStoreUpdater implements Processor<String, MemoryCommand, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, MemoryCommand> store;

    public ForgottenStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
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
