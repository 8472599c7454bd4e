package io.memstream.memory;

import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.schemas.internal.MemoryIndexInput;
import io.memstream.serde.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads memory-commands, checks each command against its contract, and sends it to the memory index through
 * memory-index-input, keyed like the user's memories, and to the compacted forgotten topic, the durable record of the
 * forget ({@link ForgetRegister}). A command that cannot be read or breaks the contract goes to memory-commands-dlq
 * with the reason, and nothing is forgotten for it.
 */
public final class MemoryCommandRouter implements Processor<byte[], byte[], Object, Object> {

    private final Deserializer<MemoryCommand> commands;
    private ProcessorContext<Object, Object> context;
    private final String forgottenStore;
    private final String commandsChild;
    private final String forgottenChild;
    private final String deadLetterChild;
    private final DeadLetters deadLetters;
    private ForgetRegister register;

    public MemoryCommandRouter(Deserializer<MemoryCommand> commands, String forgottenStore, String commandsChild,
                               String forgottenChild, String deadLetterChild, MeterRegistry registry) {
        this.deadLetters = new DeadLetters(registry);
        this.forgottenStore = forgottenStore;
        this.forgottenChild = forgottenChild;
        this.commandsChild = commandsChild;
        this.deadLetterChild = deadLetterChild;
        this.commands = commands;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.register = ForgetRegister.reading(context.getStateStore(forgottenStore));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        MemoryCommand command;
        try {
            command = commands.deserialize(context.recordMetadata().map(RecordMetadata::topic).orElse(""), record.value());
            if (command == null) {
                throw new InvalidRecordException("value is null: memory-commands takes no tombstones");
            }
        } catch (WireFormatException | InvalidRecordException e) {
            context.forward(deadLetters.of(record, context, DeadLetters.Stage.DECODE, e), deadLetterChild);
            return;
        }
        try {
            validate(record.key(), command);
        } catch (InvalidRecordException e) {
            context.forward(deadLetters.of(record, context, DeadLetters.Stage.VALIDATE, e), deadLetterChild);
            return;
        }
        if (register.supersedesRecorded(command)) {
            context.forward(new Record<>(ForgetRegister.keyOf(command), command, record.timestamp()),
                    forgottenChild);
        }
        MemoryIndexInput input = MemoryIndexInput.newBuilder().setCandidate(null).setCommand(command).build();
        context.forward(new Record<>(MemoryScope.userPrefix(command.getUserId()), input, record.timestamp()),
                commandsChild);
    }

    private static void validate(byte[] key, MemoryCommand command) {
        MemoryScope.checked(command.getUserId(), "user_id");
        if (command.getType() == MemoryCommandType.FORGET_MEMORY) {
            MemoryScope.checked(command.getMemoryId(), "memory_id (required by FORGET_MEMORY)");
        }
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!command.getUserId().equals(keyText)) {
            throw new InvalidRecordException("record key " + (keyText == null ? "is null" : "'" + keyText + "'")
                    + ", not the command's user_id '" + command.getUserId() + "': key memory commands by user_id, "
                    + "so that one user's commands stay in order");
        }
    }
}
