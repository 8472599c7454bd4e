package io.memstream.memory;

import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MemoryCommand;
import io.memstream.schemas.MemoryCommandType;
import io.memstream.schemas.MemoryStatus;
import io.memstream.schemas.internal.MemoryIndexInput;
import io.memstream.serde.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory index: every candidate memory is checked against the active memories of its scope and becomes a new
 * memory, a reinforcement of an existing one, or the successor of the ones it supersedes ({@link MemoryDecider}).
 * Its output is the changelog of memory state on enhanced-memories, keyed by memory_id: the whole memory after every
 * change, a tombstone when a memory is deleted (expired, forgotten, evicted), which the PostgreSQL sink turns into an
 * upsert or a delete.
 *
 * <p>State: the memories store holds each memory's latest state under {@code scope NUL memory_id},
 * so a scope (and, through {@link MemoryScope}'s key layout, a user) is one prefix scan; the expiry
 * store orders memories by expires_at for the retention policy, and holds this task's event time.
 * Decisions read a {@link ScopeView} of the scope, cached in memory and rebuilt from RocksDB when missing, never the
 * other way round.
 *
 * <p>Time is event time: the latest last_seen of any candidate this task has indexed. Memories past their expires_at
 * (set by the {@link RetentionPolicy}, none by default) are deleted when event time passes it, and a candidate already
 * past it on arrival is not indexed. The wall clock plays no part, so a backfill, a replay or the same chat dated
 * five years later gives the same memories. Event time is kept in the changelogged expiry store, so it survives a
 * restart or a move of the task.
 *
 * <p>Forgetting lasts: a command deletes the memories it names and is noted in the {@link ForgetRegister}, which
 * withholds every later candidate drawn from chat written before the forget (replays, batches that were in an LLM
 * call) and every candidate with a forgotten memory_id.
 *
 * <p>Each memory of a scope counts towards {@code memory.max.per.scope}; past it the index deletes superseded
 * memories first, then the least important, then the least recently seen (then the smallest id, so replays agree).
 */
public final class MemoryIndexProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryIndexProcessor.class);
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    private static final char EXPIRY_SEPARATOR = '\u0000';
    /** Key of this task's event time in the expiry store; sorts after every expiry key (those start with digits). */
    static final String EVENT_TIME_KEY = "event-time";

    private final Deserializer<MemoryIndexInput> inputs;
    private final MemoryScope scope;
    private final MemoryDecider decider;
    private final RetentionPolicy retention;
    private final int maxPerScope;
    private final long cacheBytes;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, EnhancedMemory> memories;
    private KeyValueStore<String, String> expiries;
    private ScopeCache cache;
    private final String memoriesStore;
    private final String expiryStore;
    private final ForgetRegister.Stores forgottenStores;
    private final String memoriesChild;
    private final String deadLetterChild;
    private final MeterRegistry registry;
    private final DeadLetters deadLetters;
    private ForgetRegister forgotten;

    public MemoryIndexProcessor(Deserializer<MemoryIndexInput> inputs, MemoryScope scope, MemoryDecider decider,
                                RetentionPolicy retention, int maxPerScope, long cacheBytes, String memoriesStore,
                                String expiryStore, ForgetRegister.Stores forgottenStores, String memoriesChild,
                                String deadLetterChild, MeterRegistry registry) {
        this.registry = registry;
        this.deadLetters = new DeadLetters(registry);
        this.memoriesStore = memoriesStore;
        this.expiryStore = expiryStore;
        this.forgottenStores = forgottenStores;
        this.memoriesChild = memoriesChild;
        this.deadLetterChild = deadLetterChild;
        this.inputs = inputs;
        this.scope = scope;
        this.decider = decider;
        this.retention = retention;
        this.maxPerScope = maxPerScope;
        this.cacheBytes = cacheBytes;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.memories = context.getStateStore(memoriesStore);
        this.expiries = context.getStateStore(expiryStore);
        this.forgotten = ForgetRegister.ofIndex(context.getStateStore(forgottenStores.recorded()),
                context.getStateStore(forgottenStores.applied()));
        // Built here, not in the constructor: a task re-initialised after a crash must not see views of state it lost.
        this.cache = new ScopeCache(cacheBytes);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        MemoryIndexInput input;
        try {
            input = inputs.deserialize(context.recordMetadata().map(RecordMetadata::topic).orElse(""), record.value());
            if (input == null || (input.getCandidate() == null) == (input.getCommand() == null)) {
                throw new InvalidRecordException("a memory-index-input record holds exactly one of candidate and command");
            }
        } catch (WireFormatException | InvalidRecordException e) {
            context.forward(deadLetters.of(record, context, DeadLetters.Stage.DECODE, e), deadLetterChild);
            return;
        }
        String scopeKey;
        try {
            scopeKey = input.getCandidate() == null ? null : scope.keyOf(input.getCandidate());
            if (scopeKey != null) {
                MemoryScope.checked(input.getCandidate().getMemoryId(), "memory_id");
            }
        } catch (InvalidRecordException e) {
            context.forward(deadLetters.of(record, context, DeadLetters.Stage.VALIDATE, e), deadLetterChild);
            return;
        }
        if (scopeKey != null) {
            index(scopeKey, input.getCandidate(), record.timestamp());
        } else {
            apply(input.getCommand(), record.timestamp());
        }
    }

    private void index(String scopeKey, EnhancedMemory candidate, long timestamp) {
        if (forgotten.forgets(candidate)) {
            // Replayed or in flight when the forget came: forgotten chat leaves no trace, not even in event time.
            countOutcome("withheld");
            return;
        }
        long eventTime = advanceEventTime(candidate.getLastSeen().toEpochMilli(), timestamp);
        Instant expiresAt = retention.expiryOf(candidate);
        if (expiresAt != null && expiresAt.toEpochMilli() <= eventTime) {
            // Chat older than the retention of its category, behind chat already indexed: it would be deleted at once.
            countOutcome("expired");
            return;
        }
        Timer.Sample deciding = Timer.start(registry);
        ScopeView view = cache.get(scopeKey, this::load);
        MemoryDecision decision = decider.decide(view, id -> memories.get(MemoryScope.storeKey(scopeKey, id)), candidate);
        switch (decision.kind()) {
            case DUPLICATE -> countOutcome("duplicate");
            case REINFORCE -> {
                EnhancedMemory existing = memories.get(MemoryScope.storeKey(scopeKey, decision.targets().get(0)));
                EnhancedMemory reinforced = Reinforcement.merge(existing, candidate);
                if (reinforced != existing) {
                    write(scopeKey, view, existing, EnhancedMemory.newBuilder(reinforced)
                            .setExpiresAt(retention.expiryOf(reinforced)).build(), timestamp);
                }
                countOutcome("reinforced");
            }
            case SUPERSEDE -> {
                write(scopeKey, view, null, added(candidate), timestamp);
                for (String target : decision.targets()) {
                    EnhancedMemory old = memories.get(MemoryScope.storeKey(scopeKey, target));
                    write(scopeKey, view, old, EnhancedMemory.newBuilder(old)
                            .setStatus(MemoryStatus.SUPERSEDED).setSupersededBy(candidate.getMemoryId()).build(), timestamp);
                    countOutcome("superseded");
                }
                countOutcome("created");
                enforceCap(scopeKey, view, timestamp);
            }
            case NEW -> {
                write(scopeKey, view, null, added(candidate), timestamp);
                countOutcome("created");
                enforceCap(scopeKey, view, timestamp);
            }
        }
        cache.resized(view);
        deciding.stop(registry.timer(MetricNames.MEMORY_DECISION,
                MetricNames.TAG_DECISION, decision.kind().name().toLowerCase(Locale.ROOT)));
        if (LOG.isDebugEnabled()) {
            LOG.debug("memory {} of scope {}: {} {} ({})", candidate.getMemoryId(), scopeKey.replace(MemoryScope.USER_SEPARATOR, '/'),
                    decision.kind(), decision.targets(), decision.reason());
        }
    }

    private EnhancedMemory added(EnhancedMemory candidate) {
        return EnhancedMemory.newBuilder(candidate)
                .setStatus(MemoryStatus.ACTIVE)
                .setSupersededBy(null)
                .setReinforcementCount(1)
                .setExpiresAt(retention.expiryOf(candidate))
                .build();
    }

    private ScopeView load(String scopeKey) {
        ScopeView view = new ScopeView(scopeKey);
        try (KeyValueIterator<String, EnhancedMemory> all = memories.prefixScan(MemoryScope.storePrefix(scopeKey), PREFIX_SERIALIZER)) {
            all.forEachRemaining(kv -> view.put(kv.value));
        }
        return view;
    }

    /** Stores the memory's new state, keeps the expiry index in step, updates the view and emits the state. */
    private void write(String scopeKey, ScopeView view, EnhancedMemory previous, EnhancedMemory memory, long timestamp) {
        String key = MemoryScope.storeKey(scopeKey, memory.getMemoryId());
        Instant before = previous == null ? null : previous.getExpiresAt();
        if (before != null && !before.equals(memory.getExpiresAt())) {
            expiries.delete(expiryKey(before.toEpochMilli(), key));
        }
        if (memory.getExpiresAt() != null && !memory.getExpiresAt().equals(before)) {
            expiries.put(expiryKey(memory.getExpiresAt().toEpochMilli(), key), "");
        }
        memories.put(key, memory);
        view.put(memory);
        context.forward(new Record<>(memory.getMemoryId(), memory, timestamp), memoriesChild);
    }

    /** Deletes a memory from the stores and the view (when cached) and emits its tombstone. */
    private void delete(String key, EnhancedMemory memory, long timestamp) {
        memories.delete(key);
        if (memory.getExpiresAt() != null) {
            expiries.delete(expiryKey(memory.getExpiresAt().toEpochMilli(), key));
        }
        ScopeView view = cache.peek(MemoryScope.scopeOfStoreKey(key));
        if (view != null) {
            view.remove(memory.getMemoryId());
            cache.resized(view);
        }
        context.forward(new Record<>(memory.getMemoryId(), null, timestamp), memoriesChild);
    }

    private void enforceCap(String scopeKey, ScopeView view, long timestamp) {
        while (view.size() > maxPerScope) {
            ScopeView.Entry victim = view.firstToEvict();
            String key = MemoryScope.storeKey(scopeKey, victim.memoryId);
            delete(key, memories.get(key), timestamp);
            countOutcome("evicted");
        }
    }

    private void apply(MemoryCommand command, long timestamp) {
        forgotten.record(command);
        List<KeyValue<String, EnhancedMemory>> affected = new ArrayList<>();
        try (KeyValueIterator<String, EnhancedMemory> all =
                     memories.prefixScan(MemoryScope.userPrefix(command.getUserId()), PREFIX_SERIALIZER)) {
            all.forEachRemaining(kv -> {
                if (command.getType() == MemoryCommandType.FORGET_USER
                        || Objects.equals(kv.value.getMemoryId(), command.getMemoryId())) {
                    affected.add(kv);
                }
            });
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (KeyValue<String, EnhancedMemory> kv : affected) {
            delete(kv.key, kv.value, timestamp);
            scopes.add(MemoryScope.scopeOfStoreKey(kv.key));
        }
        if (command.getType() == MemoryCommandType.FORGET_USER) {
            scopes.forEach(cache::invalidate);
        }
        registry.counter(MetricNames.MEMORIES, MetricNames.TAG_OUTCOME, "forgotten").increment(affected.size());
        LOG.info("command {} {}: {} memories forgotten on this partition", command.getCommandId(), command.getType(),
                affected.size());
    }

    /**
     * Moves this task's event time to {@code lastSeen} when that is later, deleting the memories it leaves behind
     * their expires_at; the event time after the move.
     */
    private long advanceEventTime(long lastSeen, long timestamp) {
        String stored = expiries.get(EVENT_TIME_KEY);
        long eventTime = stored == null ? Long.MIN_VALUE : Long.parseLong(stored);
        if (lastSeen <= eventTime) {
            return eventTime;
        }
        expiries.put(EVENT_TIME_KEY, Long.toString(lastSeen));
        expire(lastSeen, timestamp);
        return lastSeen;
    }

    /** Deletes every memory whose expires_at is at or before {@code eventTime}. */
    private void expire(long eventTime, long timestamp) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> expired = expiries.range(expiryKey(0, ""), expiryKey(eventTime + 1, ""))) {
            expired.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String expiryKey : due) {
            String key = expiryKey.substring(expiryKey.indexOf(EXPIRY_SEPARATOR) + 1);
            EnhancedMemory memory = memories.get(key);
            if (memory == null || memory.getExpiresAt() == null || memory.getExpiresAt().toEpochMilli() > eventTime) {
                expiries.delete(expiryKey);
                continue;
            }
            delete(key, memory, timestamp);
            countOutcome("expired");
        }
    }

    /** Fixed-width millis first, so that the keys sort by time. */
    private static String expiryKey(long expiresAtMillis, String storeKey) {
        return String.format(Locale.ROOT, "%019d", Math.max(0, expiresAtMillis)) + EXPIRY_SEPARATOR + storeKey;
    }

    /** One memory through the index, counted under memstream_memories_total by what happened to it. */
    private void countOutcome(String outcome) {
        registry.counter(MetricNames.MEMORIES, MetricNames.TAG_OUTCOME, outcome).increment();
    }
}
