package io.memstream.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class in the registry wire format. Configure it with
 * {@link SchemaRegistries#URL_CONFIG}; a {@code null} record (tombstone) passes through as null.
 * Bad bytes raise {@link WireFormatException}.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Schema schema;
    private AvroWireFormat format;
    private boolean isKey;

    public SpecificAvroSerde(Class<T> type) {
        this.schema = SpecificData.get().getSchema(type);
    }

    /** A serde for {@code type}, configured for values against the given registry URL. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(Class<T> type, String registryUrl) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of(SchemaRegistries.URL_CONFIG, registryUrl), false);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.format = new AvroWireFormat(SchemaRegistries.fromConfig(configs));
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : format().serialize(AvroWireFormat.subject(topic, isKey), schema, data);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : (T) format().deserialize(data, schema);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
    }

    private AvroWireFormat format() {
        if (format == null) {
            throw new IllegalStateException("SpecificAvroSerde for " + schema.getFullName()
                    + " is not configured: call configure() with " + SchemaRegistries.URL_CONFIG);
        }
        return format;
    }
}
