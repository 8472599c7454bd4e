package io.memstream.memory;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.schemas.MessageBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What has been forgotten, for good: a forget command deletes what the index holds, and this register keeps chat
 * written before the forget from coming back through a replay of chat-batches or chat-messages, a restart, or an
 * application reset.
 *
 * <p>A user's forget watermark is the {@code requested_at} of their latest FORGET_USER command, in event time: chat of
 * the user timestamped at or before it is forgotten, chat written after it (the user came back) makes new memories.
 * A candidate memory is forgotten when its {@code first_seen} is at or before the watermark (it was drawn, at least in
 * part, from forgotten chat) or when its memory_id was named by a FORGET_MEMORY (memory ids are deterministic, so a
 * replay with the same model gives the same id; a new wording is a new memory).
 *
 * <p>Two copies, read together. The compacted topic {@code topic.forgotten} (key {@link #keyOf}, value the command)
 * is the durable record: it is not an internal topic, so the reset tool leaves it, and every instance reads all of it
 * into a global store, where the enricher drops forgotten messages before any
 * LLM call. The global store follows the topic a little behind the tasks, so the memory index also keeps its own
 * changelogged store of applied commands, written when it applies the command in the order of its
 * input: no candidate that reaches the index after the command slips through that lag.
 */
public final class ForgetRegister {

    /**
     * The register's stores, by name: the global store of the forgotten topic and the memory index's store of the
     * commands it applied (key {@link #keyOf}, value requested_at millis).
     */
    public record Stores(String recorded, String applied) {
    }

    /** Watermark of a user never forgotten: every message is later. */
    static final long NEVER = Long.MIN_VALUE;

    private final ReadOnlyKeyValueStore<String, MemoryCommand> recorded;
    private final KeyValueStore<String, Long> local;

    private ForgetRegister(ReadOnlyKeyValueStore<String, MemoryCommand> recorded, KeyValueStore<String, Long> local) {
        this.recorded = recorded;
        this.local = local;
    }

    /** The register as the enrichment stage reads it: the global store alone. */
    public static ForgetRegister reading(ReadOnlyKeyValueStore<String, MemoryCommand> recorded) {
        return new ForgetRegister(recorded, null);
    }

    /** The register of the memory index: the global store and the index's own store, which it writes. */
    static ForgetRegister ofIndex(ReadOnlyKeyValueStore<String, MemoryCommand> recorded, KeyValueStore<String, Long> local) {
        return new ForgetRegister(recorded, local);
    }

    /**
     * Key of a command on the forgotten topic and in both stores: the user_id for FORGET_USER, user_id NUL memory_id
     * for FORGET_MEMORY (ids never hold NUL, {@link MemoryScope#checked}, so the two kinds never collide).
     */
    public static String keyOf(MemoryCommand command) {
        return command.getType() == MemoryCommandType.FORGET_USER ? command.getUserId()
                : memoryKey(command.getUserId(), command.getMemoryId());
    }

    private static String memoryKey(String userId, String memoryId) {
        return userId + MemoryScope.MEMORY_SEPARATOR + memoryId;
    }

    /**
     * Whether the forgotten topic should get this command: not when it already holds one for the same key that was
     * requested no earlier, so that a late, older command never lowers a watermark.
     */
    public boolean supersedesRecorded(MemoryCommand command) {
        MemoryCommand previous = recorded.get(keyOf(command));
        return previous == null || previous.getRequestedAt().isBefore(command.getRequestedAt());
    }

    /** Notes a command the index applies; a watermark only moves forward. */
    void record(MemoryCommand command) {
        String key = keyOf(command);
        Long previous = local.get(key);
        long requested = command.getRequestedAt().toEpochMilli();
        if (previous == null || previous < requested) {
            local.put(key, requested);
        }
    }

    /** The user's forget watermark in epoch millis, {@link #NEVER} when the user was never forgotten. */
    long watermarkOf(String userId) {
        return Math.max(recordedMillis(userId), localMillis(userId));
    }

    /** Whether a candidate memory comes, at least in part, from forgotten chat or was forgotten by id. */
    boolean forgets(EnhancedMemory candidate) {
        String userId = candidate.getUserId();
        return candidate.getFirstSeen().toEpochMilli() <= watermarkOf(userId)
                || recordedMillis(memoryKey(userId, candidate.getMemoryId())) != NEVER
                || localMillis(memoryKey(userId, candidate.getMemoryId())) != NEVER;
    }

    /**
     * The batch without the messages of forgotten chat (each message judged by its own user_id and timestamp); the
     * same batch when nothing of it is forgotten.
     */
    public MessageBatch withoutForgotten(MessageBatch batch) {
        Map<String, Long> watermarks = new HashMap<>();
        List<ChatMessage> kept = batch.getMessages().stream()
                .filter(m -> m.getTimestamp().toEpochMilli() > watermarks.computeIfAbsent(m.getUserId(), this::watermarkOf))
                .toList();
        if (kept.size() == batch.getMessages().size()) {
            return batch;
        }
        return MessageBatch.newBuilder(batch).setMessages(kept).build();
    }

    private long recordedMillis(String key) {
        MemoryCommand command = recorded.get(key);
        return command == null ? NEVER : command.getRequestedAt().toEpochMilli();
    }

    private long localMillis(String key) {
        if (local == null) {
            return NEVER;
        }
        Long millis = local.get(key);
        return millis == null ? NEVER : millis;
    }
}
