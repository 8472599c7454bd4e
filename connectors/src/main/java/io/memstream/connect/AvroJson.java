package io.memstream.connect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Compact JSON of a generic Avro datum with plain field names, for columns of type json/jsonb.
 * Unlike Avro's own JSON encoding, union values are written bare (no {"string": ...} wrapper),
 * because readers of the column query {@code entities->0->>'text'}, not the Avro branch names.
 * Bytes and fixed values are base64 strings; logical types keep their Avro representation.
 */
final class AvroJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private AvroJson() {
    }

    static String write(Object datum, Schema schema) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, datum, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a " + schema.getType() + " as JSON", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object datum, Schema schema) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                GenericRecord record = (GenericRecord) datum;
                json.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    json.writeFieldName(field.name());
                    write(json, record.get(field.pos()), field.schema());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (Object element : (Collection<?>) datum) {
                    write(json, element, schema.getElementType());
                }
                json.writeEndArray();
            }
            case MAP -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    json.writeFieldName(entry.getKey().toString());
                    write(json, entry.getValue(), schema.getValueType());
                }
                json.writeEndObject();
            }
            case UNION -> write(json, datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case STRING, ENUM -> json.writeString(datum.toString());
            case INT -> json.writeNumber((Integer) datum);
            case LONG -> json.writeNumber((Long) datum);
            case FLOAT -> json.writeNumber((Float) datum);
            case DOUBLE -> json.writeNumber((Double) datum);
            case BOOLEAN -> json.writeBoolean((Boolean) datum);
            case BYTES -> json.writeBinary(ConnectMapping.bytesOf((ByteBuffer) datum));
            case FIXED -> json.writeBinary(((GenericFixed) datum).bytes());
            case NULL -> json.writeNull();
        }
    }
}
