package io.memstream.connect;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The flat Connect shape of one Avro record schema, compiled once and applied to every record
 * written with that schema. Flat means every field is something a JDBC sink binds to one column:
 * a primitive, a date, a timestamp, an array of primitives (a database array), or else a string
 * named {@value #JSON_SCHEMA_NAME} holding the field as JSON (a json/jsonb column).
 *
 * <p>Timestamps are Debezium's {@value #ZONED_TIMESTAMP_SCHEMA_NAME} (an ISO-8601 string in UTC),
 * not Connect's {@code Timestamp}: the Debezium JDBC sink (3.5) binds a Connect {@code Timestamp}
 * as a timestamp without time zone, which PostgreSQL then reads in the session zone, i.e. the
 * worker JVM's default zone, so a worker outside UTC would shift every instant. A zoned timestamp
 * is bound with its offset and lands as the same instant whatever the zones.
 */
final class ConnectMapping {

    /** Schema name the Debezium JDBC sink binds as JSON ({@code io.debezium.data.Json}). */
    static final String JSON_SCHEMA_NAME = "io.debezium.data.Json";
    /** Schema name the Debezium JDBC sink binds as timestamptz ({@code io.debezium.time.ZonedTimestamp}). */
    static final String ZONED_TIMESTAMP_SCHEMA_NAME = "io.debezium.time.ZonedTimestamp";
    /** Version Debezium gives both semantic types. */
    static final int DEBEZIUM_SCHEMA_VERSION = 1;

    /** Element types of arrays that map to a database array rather than to JSON. */
    private static final Set<Type> ARRAY_ELEMENT_TYPES =
            EnumSet.of(Type.STRING, Type.INT, Type.LONG, Type.FLOAT, Type.DOUBLE, Type.BOOLEAN);

    private final Schema schema;
    private final List<Function<Object, Object>> fieldConverters;

    private ConnectMapping(Schema schema, List<Function<Object, Object>> fieldConverters) {
        this.schema = schema;
        this.fieldConverters = fieldConverters;
    }

    /** The mapping of an Avro record schema to a Connect struct of the same name and field names. */
    static ConnectMapping of(org.apache.avro.Schema record) {
        SchemaBuilder struct = SchemaBuilder.struct().name(record.getFullName());
        if (record.getDoc() != null) {
            struct.doc(record.getDoc());
        }
        List<Function<Object, Object>> converters = new ArrayList<>();
        for (org.apache.avro.Schema.Field field : record.getFields()) {
            Column column = Column.of(field.schema(), field.doc());
            struct.field(field.name(), column.schema());
            converters.add(column.converter());
        }
        return new ConnectMapping(struct.build(), List.copyOf(converters));
    }

    Schema schema() {
        return schema;
    }

    /** The record as a struct of {@link #schema()}; Connect validates every value on the way in. */
    Struct toStruct(GenericRecord record) {
        Struct struct = new Struct(schema);
        List<Field> fields = schema.fields();
        for (int i = 0; i < fields.size(); i++) {
            struct.put(fields.get(i), fieldConverters.get(i).apply(record.get(i)));
        }
        return struct;
    }

    static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer readable = buffer.duplicate();
        byte[] bytes = new byte[readable.remaining()];
        readable.get(bytes);
        return bytes;
    }

    /** The Connect schema of one field and how its Avro values become Connect values. */
    private record Column(Schema schema, Function<Object, Object> converter) {

        static Column of(org.apache.avro.Schema avro, String doc) {
            List<org.apache.avro.Schema> nonNull = avro.isUnion()
                    ? avro.getTypes().stream().filter(t -> t.getType() != Type.NULL).toList()
                    : List.of(avro);
            boolean optional = avro.getType() == Type.NULL
                    || (avro.isUnion() && nonNull.size() < avro.getTypes().size());
            org.apache.avro.Schema value = nonNull.size() == 1 ? nonNull.get(0) : avro;

            Plan plan = flat(value);
            if (plan == null) {
                plan = json(value);
            }
            if (optional) {
                plan.builder().optional();
            }
            if (doc != null) {
                plan.builder().doc(doc);
            }
            Function<Object, Object> convert = plan.convert();
            return new Column(plan.builder().build(), v -> v == null ? null : convert.apply(v));
        }
    }

    /** A Connect schema under construction and the conversion of non-null values. */
    private record Plan(SchemaBuilder builder, Function<Object, Object> convert) {
    }

    /** The flat plan of a non-union Avro schema, or null when it has to go to JSON. */
    private static Plan flat(org.apache.avro.Schema avro) {
        return switch (avro.getType()) {
            case STRING, ENUM -> new Plan(SchemaBuilder.string(), Object::toString);
            case INT -> avro.getLogicalType() instanceof LogicalTypes.Date
                    ? new Plan(Date.builder(), v -> new java.util.Date(TimeUnit.DAYS.toMillis((Integer) v)))
                    : new Plan(SchemaBuilder.int32(), Function.identity());
            case LONG -> avro.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? new Plan(SchemaBuilder.string().name(ZONED_TIMESTAMP_SCHEMA_NAME).version(DEBEZIUM_SCHEMA_VERSION),
                            v -> DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli((Long) v)))
                    : new Plan(SchemaBuilder.int64(), Function.identity());
            case FLOAT -> new Plan(SchemaBuilder.float32(), Function.identity());
            case DOUBLE -> new Plan(SchemaBuilder.float64(), Function.identity());
            case BOOLEAN -> new Plan(SchemaBuilder.bool(), Function.identity());
            case BYTES -> new Plan(SchemaBuilder.bytes(), v -> bytesOf((ByteBuffer) v));
            case FIXED -> new Plan(SchemaBuilder.bytes(), v -> ((GenericFixed) v).bytes().clone());
            case ARRAY -> primitiveArray(avro.getElementType());
            default -> null;
        };
    }

    /**
     * An array of plain primitives becomes a Connect array (a database array). Arrays of logical
     * types, of nullable elements or of anything structured are JSON, as a database array of them
     * either does not exist or does not bind through JDBC.
     */
    private static Plan primitiveArray(org.apache.avro.Schema element) {
        if (!ARRAY_ELEMENT_TYPES.contains(element.getType()) || element.getLogicalType() != null) {
            return null;
        }
        Plan elementPlan = flat(element);
        Function<Object, Object> convertElement = elementPlan.convert();
        return new Plan(SchemaBuilder.array(elementPlan.builder().build()), v -> {
            Collection<?> avroList = (Collection<?>) v;
            List<Object> list = new ArrayList<>(avroList.size());
            avroList.forEach(e -> list.add(convertElement.apply(e)));
            return list;
        });
    }

    private static Plan json(org.apache.avro.Schema avro) {
        return new Plan(SchemaBuilder.string().name(JSON_SCHEMA_NAME).version(DEBEZIUM_SCHEMA_VERSION),
                v -> AvroJson.write(v, avro));
    }
}
