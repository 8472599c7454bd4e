package io.memstream.batching;

import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.ChatMessage;
import io.memstream.serde.AvroWireFormat;
import io.memstream.serde.WireFormatException;
import io.memstream.text.StorableText;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The gate in front of the repartition by session: a chat-messages record that decodes and keeps the contract goes on
 * keyed by its session_id; any other goes to the dead-letter sink with the reason, so that bad bytes never reach the
 * repartition topic.
 *
 * <p>The record key is not checked: the session_id in the value decides where a message is batched. A producer that
 * keys by something else (or not at all) loses only the order of a session's messages across the partitions its
 * partitioner spread them over, which no check here could restore.
 *
 * <p>The value travels as the producer's bytes rather than a re-encoded {@link ChatMessage}: the batcher decodes it
 * with the producer's own writer schema, and nothing is registered for the internal topic. Two kinds of message are
 * rewritten in that same writer schema and schema id instead, so that one message can never stop a later stage:
 * <ul>
 *   <li>text PostgreSQL cannot store (NUL, lone surrogates) in the content or the metadata is made storable with
 *       {@link StorableText#clean}; the same characters in an id reject the message, since changing an id would file
 *       the message under another session or user;</li>
 *   <li>a message over {@code batch.message.max.bytes} has its content cut to fit, ending with a marker. Cut rather
 *       than rejected: a pasted document or log sits in the middle of a conversation, and dropping it would drop the
 *       user's own words around it from the batch's context; its start is what a memory would be made of. A message
 *       that does not fit even with empty content (huge metadata) is rejected as {@code TOO_LARGE}.</li>
 * </ul>
 */
public final class MessageValidator implements Processor<byte[], byte[], String, byte[]> {

    /** Closes content that was cut; {@code %d} is the number of UTF-8 bytes cut. */
    static final String TRUNCATION_MARKER = " [... %d bytes cut by memstream]";
    /** Bytes the Avro length prefix of the content may take beyond what the content itself takes. */
    private static final int LENGTH_PREFIX_SLACK = 5;

    private final Deserializer<ChatMessage> messages;
    private final AvroWireFormat wireFormat;
    private final int maxMessageBytes;
    private final String validChild;
    private final String deadLetterChild;
    private final MeterRegistry registry;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, byte[]> context;

    /**
     * Forwards valid messages to {@code validChild}, dead letters to {@code deadLetterChild}; {@code wireFormat}
     * rewrites messages in their writer schema, {@code maxMessageBytes} is batch.message.max.bytes.
     */
    public MessageValidator(Deserializer<ChatMessage> messages, AvroWireFormat wireFormat, int maxMessageBytes,
                            String validChild, String deadLetterChild, MeterRegistry registry) {
        this.registry = registry;
        this.deadLetters = new DeadLetters(registry);
        this.messages = messages;
        this.wireFormat = wireFormat;
        this.maxMessageBytes = maxMessageBytes;
        this.validChild = validChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ChatMessage message;
        byte[] value;
        try {
            message = messages.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""), record.value());
            if (message == null) {
                throw new InvalidRecordException("value is null: chat-messages takes no tombstones");
            }
            validate(message);
            value = storable(message, record.value());
        } catch (WireFormatException e) {
            deadLetter(deadLetters.of(record, context, DeadLetters.Stage.DECODE, e));
            return;
        } catch (InvalidRecordException e) {
            deadLetter(deadLetters.of(record, context, DeadLetters.Stage.VALIDATE, e));
            return;
        }
        context.forward(new Record<>(message.getSessionId(), value, record.timestamp(), record.headers()), validChild);
    }

    private void deadLetter(Record<byte[], byte[]> deadLetter) {
        // The sink writes bytes whatever the generic types say; the dead letter keeps the producer's key bytes.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Record<String, byte[]> untyped = (Record) deadLetter;
        context.forward(untyped, deadLetterChild);
    }

    private static void validate(ChatMessage message) {
        requireId(message.getMessageId(), "message_id");
        requireId(message.getSessionId(), "session_id");
        requireId(message.getUserId(), "user_id");
        if (message.getAgentId() != null && !StorableText.isStorable(message.getAgentId())) {
            throw unstorableId("agent_id");
        }
    }

    private static void requireId(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " is blank");
        }
        if (!StorableText.isStorable(value)) {
            throw unstorableId(field);
        }
    }

    private static InvalidRecordException unstorableId(String field) {
        return new InvalidRecordException(field + " holds a NUL character or a lone UTF-16 surrogate, which PostgreSQL "
                + "cannot store; an id is never changed in flight, so the message is rejected");
    }

    /** The producer's bytes, or the message rewritten with storable text and within the size limit. */
    private byte[] storable(ChatMessage message, byte[] value) {
        if (!isStorable(message)) {
            value = wireFormat.rewrite(value, StorableText::cleanRecord);
            registry.counter(MetricNames.MESSAGES_REWRITTEN, MetricNames.TAG_CHANGE, "unstorable_text").increment();
        }
        if (value.length > maxMessageBytes) {
            value = cutContent(value);
            registry.counter(MetricNames.MESSAGES_REWRITTEN, MetricNames.TAG_CHANGE, "truncated").increment();
        }
        return value;
    }

    private static boolean isStorable(ChatMessage message) {
        if (!StorableText.isStorable(message.getContent()) || !StorableText.isStorable(message.getTimezone())) {
            return false;
        }
        for (Map.Entry<String, String> entry : message.getMetadata().entrySet()) {
            if (!StorableText.isStorable(entry.getKey()) || !StorableText.isStorable(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} with its content cut so that the whole message takes at most {@code maxMessageBytes}. */
    private byte[] cutContent(byte[] value) {
        byte[] cut = wireFormat.rewrite(value, record -> {
            String content = String.valueOf(record.get("content"));
            int contentBytes = content.getBytes(StandardCharsets.UTF_8).length;
            int room = maxMessageBytes - (value.length - contentBytes) - LENGTH_PREFIX_SLACK;
            int kept = room - String.format(TRUNCATION_MARKER, contentBytes).getBytes(StandardCharsets.UTF_8).length;
            if (kept < 0) {
                throw tooLarge(value);
            }
            String prefix = StorableText.prefixOfUtf8Bytes(content, kept);
            int removed = contentBytes - prefix.getBytes(StandardCharsets.UTF_8).length;
            record.put("content", prefix + String.format(TRUNCATION_MARKER, removed));
        });
        if (cut.length > maxMessageBytes) {
            throw tooLarge(value);
        }
        return cut;
    }

    private InvalidRecordException tooLarge(byte[] value) {
        return new InvalidRecordException(InvalidRecordException.TOO_LARGE, "message is " + value.length
                + " bytes, over batch.message.max.bytes (" + maxMessageBytes + ") even without its content");
    }
}
