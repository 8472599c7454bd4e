package io.memstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The Confluent Schema Registry wire format: magic byte 0, the schema id as a 4-byte big-endian int,
 * then the Avro binary body. Subjects follow the default TopicNameStrategy ({@code <topic>-value},
 * {@code <topic>-key}) so that any Confluent-compatible client can read and write the same topics.
 */
public final class AvroWireFormat {

    /** First byte of every record in this format. */
    public static final byte MAGIC_BYTE = 0;
    private static final int HEADER_SIZE = 5;

    private final SchemaRegistryClient registry;
    private final Map<Long, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final Map<String, Integer> writerIds = new ConcurrentHashMap<>();

    public AvroWireFormat(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** The subject of a topic's keys or values under the TopicNameStrategy. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /** Encodes {@code datum} (a SpecificRecord or GenericRecord of {@code schema}), registering the schema if needed. */
    public byte[] serialize(String subject, Schema schema, Object datum) {
        int id = writerIds.computeIfAbsent(subject + '\u0000' + schema.getFullName() + '\u0000' + schema.hashCode(),
                k -> registry.register(subject, schema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writerFor(schema, datum).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED_BODY,
                    "cannot encode a " + schema.getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record. With a reader schema of a generated class the result is that SpecificRecord,
     * resolved from the writer's schema (so older and newer compatible writers are read); with
     * {@code readerSchema == null} it is a GenericRecord in the writer's schema.
     */
    public Object deserialize(byte[] bytes, Schema readerSchema) {
        int schemaId = schemaIdOf(bytes);
        Schema writerSchema = registry.schemaById(schemaId);
        DatumReader<Object> reader = readerFor(schemaId, writerSchema, readerSchema);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, null);
        try {
            Object datum = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException(WireFormatException.Reason.MALFORMED_BODY,
                        "trailing bytes after a " + writerSchema.getFullName() + " (schema id " + schemaId + ")");
            }
            return datum;
        } catch (EOFException e) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    "the Avro body ends early for schema id " + schemaId + " (" + bytes.length + " bytes)", e);
        } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException
                 | NegativeArraySizeException e) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED_BODY,
                    "the Avro body does not decode with schema id " + schemaId + ": " + e, e);
        }
    }

    /**
     * {@code bytes} re-encoded after {@code change} edited the record: the same writer schema and schema id, so a value
     * corrected in flight reads as the producer's own and nothing is registered for it.
     */
    public byte[] rewrite(byte[] bytes, Consumer<GenericRecord> change) {
        if (!(deserialize(bytes, null) instanceof GenericRecord record)) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED_BODY,
                    "schema id " + schemaIdOf(bytes) + " is not a record schema");
        }
        change.accept(record);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        out.write(bytes, 0, HEADER_SIZE);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED_BODY,
                    "cannot re-encode a " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The schema id in a record's header, after checking the magic byte and length. */
    public static int schemaIdOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE, "empty record");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE,
                    String.format("first byte is 0x%02x, expected 0x00: the record was not written in the schema registry wire format", bytes[0]));
        }
        if (bytes.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    "record has " + bytes.length + " bytes, fewer than the 5-byte wire-format header");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, Object datum) {
        return datum instanceof org.apache.avro.specific.SpecificRecord
                ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema);
    }

    private DatumReader<Object> readerFor(int schemaId, Schema writer, Schema reader) {
        long key = ((long) schemaId << 32) | (reader == null ? 0 : reader.hashCode() & 0xffffffffL);
        return readers.computeIfAbsent(key, k -> reader == null
                ? new GenericDatumReader<>(writer)
                : new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader)));
    }
}
