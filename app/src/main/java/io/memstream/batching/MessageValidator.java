package io.memstream.batching;

import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.schemas.ChatMessage;
import io.memstream.serde.WireFormatException;
import io.memstream.topology.TopologyNames;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The gate in front of the repartition by session: a chat-messages record that decodes and keeps the contract goes on
 * keyed by its session_id, value bytes untouched; any other goes to the dead-letter sink with the reason, so that bad
 * bytes never reach the repartition topic.
 *
 * <p>The record key is not checked: the session_id in the value decides where a message is batched. A producer that
 * keys by something else (or not at all) loses only the order of a session's messages across the partitions its
 * partitioner spread them over, which no check here could restore.
 *
 * <p>The value travels as the producer's bytes rather than a re-encoded {@link ChatMessage}: the batcher decodes it
 * with the producer's own writer schema, and nothing is registered for the internal topic.
 */
public final class MessageValidator implements Processor<byte[], byte[], String, byte[]> {

    private final Deserializer<ChatMessage> messages;
    private final String validChild;
    private ProcessorContext<String, byte[]> context;

    /** Forwards valid messages to {@code validChild}, dead letters to {@link TopologyNames#MESSAGES_DLQ_SINK}. */
    public MessageValidator(Deserializer<ChatMessage> messages, String validChild) {
        this.messages = messages;
        this.validChild = validChild;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ChatMessage message;
        try {
            message = messages.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""), record.value());
            if (message == null) {
                throw new InvalidRecordException("value is null: chat-messages takes no tombstones");
            }
            validate(message);
        } catch (WireFormatException e) {
            deadLetter(DeadLetters.of(record, context, DeadLetters.Stage.DECODE, e));
            return;
        } catch (InvalidRecordException e) {
            deadLetter(DeadLetters.of(record, context, DeadLetters.Stage.VALIDATE, e));
            return;
        }
        context.forward(new Record<>(message.getSessionId(), record.value(), record.timestamp(), record.headers()),
                validChild);
    }

    private void deadLetter(Record<byte[], byte[]> deadLetter) {
        // The sink writes bytes whatever the generic types say; the dead letter keeps the producer's key bytes.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Record<String, byte[]> untyped = (Record) deadLetter;
        context.forward(untyped, TopologyNames.MESSAGES_DLQ_SINK);
    }

    private static void validate(ChatMessage message) {
        requireText(message.getMessageId(), "message_id");
        requireText(message.getSessionId(), "session_id");
        requireText(message.getUserId(), "user_id");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " is blank");
        }
    }
}
