package io.memstream.enrichment;

import io.github.resilience4j.core.IntervalFunction;
import io.memstream.domain.EnrichmentOutcome;
import io.memstream.enrichment.queue.PendingBatches.Entry;
import io.memstream.enrichment.queue.PendingBatches;
import io.memstream.enrichment.queue.QueueKeys;
import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.memory.ForgetRegister;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.internal.EnrichmentTask;
import io.memstream.serde.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The enrichment stage: closed batches in, memories keyed by memory_id out, to the
 * memories child (on to the memory index); memories below enrichment.min.quality to the rejected child; batches that
 * cannot be decoded or enriched, whole, to the dead-letter child.
 *
 * <p>The stream thread never waits for an enricher (an LLM, or the offline extractor on its own threads). A batch is written to the changelogged
 * queue store (in the transaction that consumes it) and handed to the
 * {@link EnrichmentService}'s dispatcher; a wall-clock punctuation collects finished calls and forwards each
 * session's results in batch order, deleting the queue entry in the same transaction as the forwarded memories. So a
 * batch is forwarded exactly once, and a crash or a rebalance leaves its entry in the store, where the next owner of
 * the task finds it on start and calls again. A batch that found every provider down waits in the store and is tried
 * again later, with backoff.
 *
 * <p>Exactly once holds under {@code processing.guarantee=exactly_once_v2} (the default), where the forwarded memories
 * and the queue entry's deletion commit together. Under at_least_once a crash between the two re-drives the batch, and
 * an LLM may answer differently the second time (the prompt cache only helps within one process's lifetime).
 *
 * <p>Messages of forgotten users written before their forget are dropped first ({@link ForgetRegister}). Batches with
 * nothing to remember skip enrichment. With {@code enrichment.offline.threads=0} (offline chain only) a batch is
 * enriched at once on the stream thread, unless earlier batches of its session are still queued from a previous
 * configuration.
 */
public final class EnrichmentProcessor implements Processor<byte[], byte[], Object, Object> {

    /** Base of the wait before a batch that found every provider down is tried again; it doubles per attempt. */
    private static final Duration REQUEUE_BACKOFF = Duration.ofSeconds(1);
    /** Headers of rejected memories. */
    public static final String REJECTED_REASON_HEADER = "memstream.rejected.reason";

    private final Deserializer<MessageBatch> batches;
    private final EnrichmentService service;
    private final ConcurrentLinkedQueue<Entry> finished = new ConcurrentLinkedQueue<>();
    private final int maxSubmitted;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, EnrichmentTask> queue;
    private PendingBatches pending;
    private ForgetRegister forgotten;
    private long lastCall;
    private final String queueStore;
    private final String forgottenStore;
    private final String memoriesChild;
    private final String rejectedChild;
    private final String deadLetterChild;
    private final MeterRegistry registry;
    private final DeadLetters deadLetters;

    public EnrichmentProcessor(Deserializer<MessageBatch> batches, EnrichmentService service, String queueStore,
                               String forgottenStore, String memoriesChild, String rejectedChild, String deadLetterChild,
                               MeterRegistry registry) {
        this.registry = registry;
        this.deadLetters = new DeadLetters(registry);
        this.queueStore = queueStore;
        this.forgottenStore = forgottenStore;
        this.memoriesChild = memoriesChild;
        this.rejectedChild = rejectedChild;
        this.deadLetterChild = deadLetterChild;
        this.batches = batches;
        this.service = service;
        // Twice the global limit: enough submitted calls that a finishing worker always finds the next one waiting.
        this.maxSubmitted = 2 * service.dispatcher().maxInFlight();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.queue = context.getStateStore(queueStore);
        this.forgotten = ForgetRegister.reading(context.getStateStore(forgottenStore));
        this.pending = new PendingBatches();
        List<KeyValue<String, Long>> stored = new ArrayList<>();
        try (KeyValueIterator<String, EnrichmentTask> all = queue.all()) {
            all.forEachRemaining(kv -> stored.add(KeyValue.pair(kv.key, kv.value.getEnqueuedAt())));
        }
        // Oldest first, as they were queued before the restart.
        stored.sort((a, b) -> a.value.equals(b.value) ? a.key.compareTo(b.key) : Long.compare(a.value, b.value));
        stored.forEach(kv -> pending.add(kv.key, kv.value));
        service.queueChanged(pending.size());
        context.schedule(service.pollInterval(), PunctuationType.WALL_CLOCK_TIME, this::poll);
        // Re-drive what a crash or a rebalance left in the store; the results are forwarded by the punctuation.
        dispatch(context.currentSystemTimeMs());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        noteStreamThreadCall();
        MessageBatch batch;
        try {
            batch = batches.deserialize(context.recordMetadata().map(RecordMetadata::topic).orElse(""), record.value());
            if (batch == null) {
                throw new InvalidRecordException("value is null: chat-batches takes no tombstones");
            }
        } catch (WireFormatException | InvalidRecordException e) {
            context.forward(deadLetters.of(record, context, DeadLetters.Stage.DECODE, e), deadLetterChild);
            return;
        }
        batch = remembered(batch);
        if (TrivialBatches.isTrivial(batch)) {
            registry.counter(MetricNames.ENRICHMENT_BYPASSED).increment();
            // Still a processed batch for the processing-time histogram and the batches_processed it counts.
            registry.timer(MetricNames.BATCH_PROCESSING).record(Duration.ZERO);
            return;
        }
        Source source = Source.of(context, record);
        if (service.runsInline() && !pending.hasSession(batch.getSessionId())) {
            forward(service.enrich(batch), source);
            return;
        }
        long now = context.currentSystemTimeMs();
        String key = QueueKeys.of(batch.getSessionId(), batch.getSeq());
        queue.put(key, source.task(now));
        if (!pending.contains(key)) {
            service.queueChanged(1);
        }
        pending.add(key, now).keepBatch(batch);
        dispatch(now);
    }

    /** Forwards what finished, in session order, and starts what may start. */
    private void poll(long now) {
        noteStreamThreadCall();
        Set<String> sessions = new LinkedHashSet<>();
        for (Entry entry = finished.poll(); entry != null; entry = finished.poll()) {
            if (entry.state() != PendingBatches.State.SUBMITTED || entry.outcome() == null) {
                continue;
            }
            if (entry.outcome() instanceof EnrichmentOutcome.Unavailable unavailable) {
                pending.retryAt(entry, now + requeueDelay(entry.attempts(), unavailable.retryAfter()).toMillis());
                registry.counter(MetricNames.ENRICHMENT_REQUEUED, MetricNames.TAG_REASON, "providers_unavailable")
                        .increment();
            } else {
                pending.done(entry);
                sessions.add(entry.session());
            }
        }
        sessions.forEach(this::forwardDoneHeads);
        dispatch(now);
    }

    private Duration requeueDelay(int attempts, Duration hint) {
        Duration max = service.requeueBackoffMax();
        Duration backoff = Duration.ofMillis(IntervalFunction.ofExponentialBackoff(REQUEUE_BACKOFF, 2, max)
                .apply(Math.min(attempts, 20) + 1));
        Duration wait = hint.compareTo(backoff) > 0 ? hint : backoff;
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** Forwards the session's finished batches from its first one on, stopping at the first not finished. */
    private void forwardDoneHeads(String session) {
        for (Entry head = pending.head(session); head != null && head.state() == PendingBatches.State.DONE;
                head = pending.head(session)) {
            EnrichmentTask task = queue.get(head.key());
            if (task != null) {
                forward(head.outcome(), Source.of(task));
                queue.delete(head.key());
                registry.timer(MetricNames.ENRICHMENT_QUEUE_LATENCY)
                        .record(Math.max(0, context.currentSystemTimeMs() - task.getEnqueuedAt()), TimeUnit.MILLISECONDS);
            }
            pending.remove(head);
            service.queueChanged(-1);
        }
    }

    /** Starts waiting batches while this task has fewer than its share of submitted calls. */
    private void dispatch(long now) {
        while (pending.submitted() < maxSubmitted) {
            Entry entry = pending.nextReady(now);
            if (entry == null) {
                return;
            }
            MessageBatch batch = entry.batch() != null ? entry.batch() : load(entry);
            if (batch == null) {
                continue;
            }
            CompletableFuture<EnrichmentOutcome> call = service.dispatcher().submit(() -> service.enrich(batch));
            pending.submitted(entry, call);
            call.whenComplete((outcome, error) -> {
                entry.finish(error == null ? outcome : new EnrichmentOutcome.Failed(
                        error instanceof RuntimeException e ? e : new IllegalStateException(error)));
                finished.add(entry);
            });
        }
    }

    /** The batch of a queued entry, decoded from the store; a batch that no longer decodes is dead-lettered. */
    private MessageBatch load(Entry entry) {
        EnrichmentTask task = queue.get(entry.key());
        if (task == null) {
            pending.remove(entry);
            service.queueChanged(-1);
            forwardDoneHeads(entry.session());
            return null;
        }
        try {
            MessageBatch batch = remembered(batches.deserialize(task.getSourceTopic(), bytes(task.getRawValue())));
            entry.keepBatch(batch);
            return batch;
        } catch (RuntimeException e) {
            entry.finish(new EnrichmentOutcome.Failed(e));
            pending.submitted(entry, CompletableFuture.completedFuture(entry.outcome()));
            finished.add(entry);
            return null;
        }
    }

    /**
     * The batch without the messages of forgotten users written before their forget, so that no LLM call is spent on
     * them; a batch left with no user message is then trivial and skips enrichment.
     */
    private MessageBatch remembered(MessageBatch batch) {
        MessageBatch kept = forgotten.withoutForgotten(batch);
        if (kept != batch) {
            registry.counter(MetricNames.MESSAGES_FORGOTTEN).increment(batch.getMessages().size() - kept.getMessages().size());
        }
        return kept;
    }

    private void forward(EnrichmentOutcome outcome, Source source) {
        if (outcome instanceof EnrichmentOutcome.Enriched enriched) {
            for (EnhancedMemory memory : enriched.accepted()) {
                context.forward(new Record<>(memory.getMemoryId(), memory, source.timestamp()), memoriesChild);
                registry.counter(MetricNames.MEMORIES_EXTRACTED, MetricNames.TAG_MODEL, memory.getModel()).increment();
                registry.summary(MetricNames.MEMORY_QUALITY).record(memory.getQualityScore());
            }
            for (EnhancedMemory memory : enriched.rejected()) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(REJECTED_REASON_HEADER, ("quality_score " + memory.getQualityScore()
                        + " is below enrichment.min.quality").getBytes(StandardCharsets.UTF_8));
                context.forward(new Record<>(memory.getMemoryId(), memory, source.timestamp(), headers),
                        rejectedChild);
                registry.counter(MetricNames.MEMORIES_REJECTED, MetricNames.TAG_REASON, "low_quality").increment();
            }
        } else if (outcome instanceof EnrichmentOutcome.Failed failed) {
            context.forward(deadLetters.of(source.record(), source.topic(), source.partition(), source.offset(),
                    DeadLetters.Stage.ENRICH, failed.error()), deadLetterChild);
        } else {
            throw new IllegalStateException("an unavailable outcome is re-queued, never forwarded: " + outcome);
        }
    }

    private void noteStreamThreadCall() {
        long now = System.nanoTime();
        if (lastCall != 0) {
            registry.timer(MetricNames.ENRICHMENT_STREAM_GAP).record(now - lastCall, TimeUnit.NANOSECONDS);
        }
        lastCall = now;
    }

    @Override
    public void close() {
        if (pending != null) {
            pending.cancelCalls();
            service.queueChanged(-pending.size());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** The chat-batches record a batch came from: what a dead letter copies and where it says it was read. */
    private record Source(Record<byte[], byte[]> record, String topic, int partition, long offset) {

        static Source of(ProcessorContext<?, ?> context, Record<byte[], byte[]> record) {
            RecordMetadata metadata = context.recordMetadata().orElse(null);
            return new Source(record, metadata == null ? null : metadata.topic(), metadata == null ? -1 : metadata.partition(),
                    metadata == null ? -1 : metadata.offset());
        }

        static Source of(EnrichmentTask task) {
            return new Source(new Record<>(task.getRawKey() == null ? null : bytes(task.getRawKey()),
                    bytes(task.getRawValue()), task.getTimestamp()),
                    task.getSourceTopic(), task.getSourcePartition(), task.getSourceOffset());
        }

        long timestamp() {
            return record.timestamp();
        }

        EnrichmentTask task(long enqueuedAt) {
            return EnrichmentTask.newBuilder()
                    .setRawKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                    .setRawValue(ByteBuffer.wrap(record.value()))
                    .setTimestamp(record.timestamp())
                    .setSourceTopic(topic)
                    .setSourcePartition(partition)
                    .setSourceOffset(offset)
                    .setEnqueuedAt(enqueuedAt)
                    .build();
        }
    }
}
