package io.memstream.text;

import io.memstream.ops.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes a record after making every string in it storable ({@link StorableText}): the last line of defence in
 * front of a topic that a JDBC sink mirrors, whatever a stage upstream (an LLM answer's {@code \u0000} escape, an
 * extractor bug) put in a memory. The record handed in is not changed; a copy is cleaned and counted.
 */
public final class StorableRecordSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Serializer<T> serializer;
    private final MeterRegistry registry;

    public StorableRecordSerializer(Serializer<T> serializer, MeterRegistry registry) {
        this.serializer = serializer;
        this.registry = registry;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return serializer.serialize(topic, null);
        }
        T copy = SpecificData.get().deepCopy(data.getSchema(), data);
        if (StorableText.cleanRecord(copy)) {
            registry.counter(MetricNames.MEMORIES_TEXT_CLEANED, MetricNames.TAG_TOPIC, topic).increment();
            return serializer.serialize(topic, copy);
        }
        return serializer.serialize(topic, data);
    }
}
