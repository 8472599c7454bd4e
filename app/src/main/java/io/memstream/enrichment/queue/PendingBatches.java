package io.memstream.enrichment.queue;

import io.memstream.domain.EnrichmentOutcome;
import io.memstream.schemas.MessageBatch;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One task's view of its enrichment queue, in memory, rebuilt from the store on start: which batches wait (oldest
 * first, unless re-queued for later), which are in a call, which are done but not forwarded because an earlier batch
 * of their session is not done yet. Used by the stream thread only; only {@link Entry#outcome} is written by workers.
 */
public final class PendingBatches {

    /** Where a queued batch stands. */
    public enum State { WAITING, SUBMITTED, DONE }

    /** One queued batch. */
    public static final class Entry {
        private final String key;
        private final String session;
        private final int seq;
        private final long order;
        private final long enqueuedAt;
        private State state = State.WAITING;
        private long notBefore;
        private int attempts;
        private MessageBatch batch;
        private CompletableFuture<EnrichmentOutcome> call;
        private volatile EnrichmentOutcome outcome;

        private Entry(String key, long order, long enqueuedAt) {
            this.key = key;
            this.session = QueueKeys.sessionOf(key);
            this.seq = QueueKeys.seqOf(key);
            this.order = order;
            this.enqueuedAt = enqueuedAt;
        }

        public String key() {
            return key;
        }

        public String session() {
            return session;
        }

        public long enqueuedAt() {
            return enqueuedAt;
        }

        public State state() {
            return state;
        }

        public int attempts() {
            return attempts;
        }

        /** The decoded batch while it is needed for a call; null otherwise (it is in the store). */
        public MessageBatch batch() {
            return batch;
        }

        public void keepBatch(MessageBatch batch) {
            this.batch = batch;
        }

        public EnrichmentOutcome outcome() {
            return outcome;
        }

        public void finish(EnrichmentOutcome outcome) {
            this.outcome = outcome;
        }
    }

    private static final Comparator<Entry> READY_ORDER =
            Comparator.comparingLong((Entry e) -> e.notBefore).thenComparingLong(e -> e.order);

    private final Map<String, TreeMap<Integer, Entry>> bySession = new HashMap<>();
    private final Map<String, Entry> byKey = new HashMap<>();
    private final PriorityQueue<Entry> waiting = new PriorityQueue<>(READY_ORDER);
    private long nextOrder;
    private int submitted;

    /** Adds a batch that is not queued yet; returns the existing entry if its key is already queued. */
    public Entry add(String key, long enqueuedAt) {
        Entry existing = byKey.get(key);
        if (existing != null) {
            return existing;
        }
        Entry entry = new Entry(key, nextOrder++, enqueuedAt);
        byKey.put(key, entry);
        bySession.computeIfAbsent(entry.session, s -> new TreeMap<>()).put(entry.seq, entry);
        waiting.add(entry);
        return entry;
    }

    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    public boolean hasSession(String session) {
        return bySession.containsKey(session);
    }

    public int size() {
        return byKey.size();
    }

    public int submitted() {
        return submitted;
    }

    /** The waiting entry to start next, if one may start at {@code now}; it leaves the waiting line. */
    public Entry nextReady(long now) {
        Entry next = waiting.peek();
        if (next == null || next.notBefore > now) {
            return null;
        }
        return waiting.poll();
    }

    public void submitted(Entry entry, CompletableFuture<EnrichmentOutcome> call) {
        entry.state = State.SUBMITTED;
        entry.call = call;
        submitted++;
    }

    /** A call ended with an outcome to forward. */
    public void done(Entry entry) {
        if (entry.state == State.SUBMITTED) {
            submitted--;
        }
        entry.state = State.DONE;
        entry.batch = null;
        entry.call = null;
    }

    /** A call found no provider: the entry waits again until {@code notBefore}. */
    public void retryAt(Entry entry, long notBefore) {
        if (entry.state == State.SUBMITTED) {
            submitted--;
        }
        entry.state = State.WAITING;
        entry.call = null;
        entry.outcome = null;
        // During a long outage every queued batch passes through here: keep them in the store, not on the heap.
        entry.batch = null;
        entry.attempts++;
        entry.notBefore = notBefore;
        waiting.add(entry);
    }

    /** The session's first queued batch, or null. */
    public Entry head(String session) {
        TreeMap<Integer, Entry> entries = bySession.get(session);
        return entries == null ? null : entries.firstEntry().getValue();
    }

    public void remove(Entry entry) {
        byKey.remove(entry.key);
        waiting.remove(entry);
        TreeMap<Integer, Entry> entries = bySession.get(entry.session);
        if (entries != null) {
            entries.remove(entry.seq);
            if (entries.isEmpty()) {
                bySession.remove(entry.session);
            }
        }
    }

    /** Cancels every call not started yet; running calls finish and their outcomes are ignored. */
    public void cancelCalls() {
        for (Entry entry : byKey.values()) {
            if (entry.call != null) {
                entry.call.cancel(false);
            }
        }
    }
}
