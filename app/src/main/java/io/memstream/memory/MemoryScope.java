package io.memstream.memory;

import io.memstream.config.MemorySettings;
import io.memstream.errors.InvalidRecordException;
import io.memstream.schemas.EnhancedMemory;

/**
 * What a memory belongs to, and so which memories it may merge with: the user ({@code memory.scope=user}) or the pair
 * of agent and user ({@code agent_user}). The scope key is the repartitioning key ahead of the index and the prefix of
 * every store key, laid out {@code user_id US [agent_id]}: all scopes of a user share the prefix {@code user_id US},
 * so that forgetting a user is one prefix scan whatever the scope setting.
 */
public enum MemoryScope {
    USER,
    AGENT_USER;

    /** Separates the user id from the agent id in a scope key (ASCII unit separator). */
    static final char USER_SEPARATOR = '\u001F';
    /** Separates the scope key from the memory id in a store key. */
    static final char MEMORY_SEPARATOR = '\u0000';

    /** The scope {@code memory.scope} names. */
    public static MemoryScope of(MemorySettings.Scope setting) {
        return switch (setting) {
            case USER -> USER;
            case AGENT_USER -> AGENT_USER;
        };
    }

    /** The scope key of a memory; ids holding the separators are rejected, they would spill into another scope. */
    public String keyOf(EnhancedMemory memory) {
        String user = checked(memory.getUserId(), "user_id");
        if (this == USER) {
            return userPrefix(user);
        }
        String agent = memory.getAgentId() == null ? "" : checked(memory.getAgentId(), "agent_id");
        return userPrefix(user) + agent;
    }

    /** The prefix every scope key of this user starts with. */
    public static String userPrefix(String userId) {
        return userId + USER_SEPARATOR;
    }

    /** The store key of a memory of a scope. */
    static String storeKey(String scopeKey, String memoryId) {
        return scopeKey + MEMORY_SEPARATOR + memoryId;
    }

    /** The prefix of the store keys of a scope's memories. */
    static String storePrefix(String scopeKey) {
        return scopeKey + MEMORY_SEPARATOR;
    }

    /** The scope key of a store key. */
    static String scopeOfStoreKey(String storeKey) {
        return storeKey.substring(0, storeKey.indexOf(MEMORY_SEPARATOR));
    }

    /** Throws {@link InvalidRecordException} unless {@code id} is non-blank and free of the key separators. */
    public static String checked(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new InvalidRecordException(field + " is blank");
        }
        if (id.indexOf(USER_SEPARATOR) >= 0 || id.indexOf(MEMORY_SEPARATOR) >= 0) {
            throw new InvalidRecordException(field + " '" + id.replace(USER_SEPARATOR, '?').replace(MEMORY_SEPARATOR, '?')
                    + "' holds a control character (U+0000 or U+001F): they separate the parts of the index's keys");
        }
        return id;
    }
}
