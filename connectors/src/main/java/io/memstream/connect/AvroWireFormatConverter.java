package io.memstream.connect;

import io.memstream.serde.AvroWireFormat;
import io.memstream.serde.SchemaRegistries;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.serde.WireFormatException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter that reads Avro records in the schema registry wire format (magic byte 0,
 * schema id, Avro body) and hands SINK connectors a flat struct that a JDBC sink writes column by
 * column, with no transform in between:
 * <ul>
 *   <li>string, enum → STRING; int → INT32; long → INT64; float → FLOAT32; double → FLOAT64;
 *       boolean → BOOLEAN; bytes, fixed → BYTES;</li>
 *   <li>{@code timestamp-millis} → STRING named {@code io.debezium.time.ZonedTimestamp}, ISO-8601 in UTC
 *       (e.g. {@code 2026-03-01T09:15:30.123Z}), which the Debezium JDBC sink writes to a timestamptz
 *       column as that instant whatever the worker's time zone (a Connect {@code Timestamp} would be
 *       read in the worker JVM's zone); {@code date} → Connect {@code Date};</li>
 *   <li>{@code [null, X]} → optional X;</li>
 *   <li>array of string, int, long, float, double or boolean → ARRAY of that primitive (a database array);</li>
 *   <li>anything structured (records, maps, other arrays, other unions) → STRING named
 *       {@code io.debezium.data.Json} holding compact JSON with plain field names (a json/jsonb column).</li>
 * </ul>
 * A null record (tombstone) becomes {@link SchemaAndValue#NULL}, so a sink with deletes enabled
 * deletes the row. A record that is not valid in the wire format raises a {@link DataException}
 * whose message names the {@link WireFormatException.Reason}, so that
 * {@code errors.tolerance=all} routes it to the dead-letter queue with that reason in its headers;
 * an unreachable registry raises a {@link RetriableException} instead, which Connect retries
 * within {@code errors.retry.timeout} rather than dead-lettering good records.
 *
 * <p>Configuration (with the {@code value.converter.} or {@code key.converter.} prefix):
 * {@value SchemaRegistries#URL_CONFIG} ({@code mock://<scope>} for the in-process registry) and
 * optionally {@value SchemaRegistries#BASIC_AUTH_USER_INFO_CONFIG}.
 *
 * <p>Only the reading direction exists: {@link #fromConnectData} always throws, as memstream's
 * producers write these topics with {@link SpecificAvroSerde} and no source connector does.
 */
public final class AvroWireFormatConverter implements Converter {

    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SchemaRegistries.URL_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Importance.HIGH,
                    "URL(s) of a Confluent-compatible schema registry, comma separated, or mock://<scope> "
                            + "for the in-process registry of this JVM.")
            .define(SchemaRegistries.BASIC_AUTH_USER_INFO_CONFIG, ConfigDef.Type.PASSWORD, null,
                    ConfigDef.Importance.MEDIUM, "user:password for HTTP basic authentication against the registry.");

    private final Map<Schema, ConnectMapping> mappings = new ConcurrentHashMap<>();
    private AvroWireFormat format;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs, false);
        Password basicAuth = config.getPassword(SchemaRegistries.BASIC_AUTH_USER_INFO_CONFIG);
        format = new AvroWireFormat(SchemaRegistries.forUrl(
                config.getString(SchemaRegistries.URL_CONFIG), basicAuth == null ? null : basicAuth.value()));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (format == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not configured: set "
                    + SchemaRegistries.URL_CONFIG + " with the converter's prefix");
        }
        if (!(decode(topic, value) instanceof GenericRecord record)) {
            throw new DataException("record of topic " + topic + " is not an Avro record: "
                    + getClass().getSimpleName() + " maps records to structs only");
        }
        ConnectMapping mapping = mappings.computeIfAbsent(record.getSchema(), ConnectMapping::of);
        return new SchemaAndValue(mapping.schema(), mapping.toStruct(record));
    }

    /** Always throws: this converter is for sink connectors; producers use {@link SpecificAvroSerde}. */
    @Override
    public byte[] fromConnectData(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
        throw new DataException(getClass().getSimpleName() + " only reads (for sink connectors) and cannot write topic "
                + topic + ": produce records in the schema registry wire format with "
                + SpecificAvroSerde.class.getName() + " instead");
    }

    private Object decode(String topic, byte[] value) {
        try {
            return format.deserialize(value, null);
        } catch (WireFormatException e) {
            String message = "cannot read a record of topic " + topic + ": " + e.getMessage();
            if (e.reason() == WireFormatException.Reason.REGISTRY_UNAVAILABLE) {
                throw new RetriableException(message, e);
            }
            throw new DataException(message, e);
        }
    }
}
