package io.memstream.memory;

import io.github.resilience4j.core.IntervalFunction;
import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.internal.MemoryIndexInput;
import io.memstream.schemas.internal.PendingEmbedding;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each memory of the enrichment stage its embedding, off the stream thread, and sends it on to the memory
 * index keyed by its scope (the repartition).
 *
 * <p>A memory waiting for its embedding is in the changelogged queue store
 * under a per-task sequence number, written in the same transaction as the input offset: after a crash or a
 * rebalance the new owner of the task finds it there and computes it again. Results are forwarded from the
 * processing and the punctuation of the stream thread, strictly in sequence order, so the index sees each scope's
 * memories in the order the enricher emitted them whatever order the embeddings finish in. The embeddings themselves
 * are computed by {@link EmbeddingWorkers}, several memories (of any task) per call.
 *
 * <p>The stream thread never waits for an embedding, except when {@code memory.embedding.max.pending} are already
 * waiting in this task (back-pressure: it then waits for the oldest), or when {@code memory.embedding.threads=0}
 * asks for embeddings on the stream thread. A failed embedding is retried with exponential backoff (1 s, 2 s, ...
 * at most 60 s); after {@code memory.embedding.max.attempts} the memory goes on without one and the index matches
 * it by content and subject only.
 */
public final class MemoryEmbedder implements Processor<Object, Object, Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryEmbedder.class);
    private static final IntervalFunction BACKOFF =
            IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofMinutes(1));

    private final Embedder embedder;
    private final EmbeddingWorkers workers;
    private final MemoryScope scope;
    private final int maxAttempts;
    private final int maxPending;
    private final Duration pollInterval;
    private final Serializer<EnhancedMemory> deadLetterSerializer;
    private final MeterRegistry registry;
    private final DeadLetters deadLetters;
    /** Memories waiting for an embedding in this app instance, over all its tasks: {@link MemoryServices}' count. */
    private final AtomicLong queued;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PendingEmbedding> queue;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private long nextSeq;
    private final String queueStore;
    private final String candidatesChild;
    private final String deadLetterChild;

    /** A memory of the queue and its embedding under way. */
    private static final class InFlight {
        final PendingEmbedding pending;
        CompletableFuture<float[]> embedding;
        int attempts;

        InFlight(PendingEmbedding pending) {
            this.pending = pending;
        }
    }

    /**
     * @param services the embedder, and where embeddings are computed (the stream thread when it has no workers)
     * @param deadLetterSerializer writes a memory the index cannot take into the batches' dead-letter topic
     */
    public MemoryEmbedder(MemoryServices services, MemoryScope scope, int maxAttempts, int maxPending,
                          Duration pollInterval, Serializer<EnhancedMemory> deadLetterSerializer, String queueStore,
                          String candidatesChild, String deadLetterChild, MeterRegistry registry) {
        this.registry = registry;
        this.deadLetters = new DeadLetters(registry);
        this.queued = services.embeddingQueue();
        this.queueStore = queueStore;
        this.candidatesChild = candidatesChild;
        this.deadLetterChild = deadLetterChild;
        this.embedder = services.embedder();
        this.workers = services.embeddingWorkers();
        this.scope = scope;
        this.maxAttempts = maxAttempts;
        this.maxPending = maxPending;
        this.pollInterval = pollInterval;
        this.deadLetterSerializer = deadLetterSerializer;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.queue = context.getStateStore(queueStore);
        inFlight.clear();
        nextSeq = 0;
        List<Map.Entry<Long, PendingEmbedding>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, PendingEmbedding> all = queue.all()) {
            all.forEachRemaining(kv -> waiting.add(Map.entry(Long.parseLong(kv.key), kv.value)));
        }
        for (Map.Entry<Long, PendingEmbedding> entry : waiting) {
            enqueue(entry.getKey(), entry.getValue());
            nextSeq = Math.max(nextSeq, entry.getKey() + 1);
        }
        if (!waiting.isEmpty()) {
            LOG.info("task {}: re-driving {} memories waiting for their embedding", context.taskId(), waiting.size());
        }
        context.schedule(pollInterval, PunctuationType.WALL_CLOCK_TIME, now -> forwardFinished());
    }

    @Override
    public void process(Record<Object, Object> record) {
        EnhancedMemory memory = (EnhancedMemory) record.value();
        try {
            scope.keyOf(memory);
            MemoryScope.checked(memory.getMemoryId(), "memory_id");
        } catch (InvalidRecordException e) {
            byte[] key = memory.getMemoryId() == null ? null : memory.getMemoryId().getBytes(StandardCharsets.UTF_8);
            byte[] value = deadLetterSerializer.serialize(context.recordMetadata().map(m -> m.topic()).orElse(""), memory);
            context.forward(deadLetters.of(new Record<>(key, value, record.timestamp()), context, DeadLetters.Stage.INDEX, e),
                    deadLetterChild);
            return;
        }
        if (inFlight.isEmpty() && memory.getEmbedding() != null && !memory.getEmbedding().isEmpty()) {
            send(memory, record.timestamp());
            return;
        }
        long seq = nextSeq++;
        PendingEmbedding pending = PendingEmbedding.newBuilder().setCandidate(memory).setRecordTimestamp(record.timestamp()).build();
        queue.put(key(seq), pending);
        enqueue(seq, pending);
        while (inFlight.size() > maxPending) {
            awaitQuietly(inFlight.firstEntry().getValue().embedding);
            forwardFinished();
        }
        forwardFinished();
    }

    private void enqueue(long seq, PendingEmbedding pending) {
        InFlight item = new InFlight(pending);
        inFlight.put(seq, item);
        queued.incrementAndGet();
        start(item, 0);
    }

    private void start(InFlight item, long delayMs) {
        item.attempts++;
        String content = item.pending.getCandidate().getContent();
        item.embedding = workers == null ? computeNow(content) : workers.submit(content, delayMs);
    }

    private CompletableFuture<float[]> computeNow(String content) {
        try {
            Timer.Sample embedding = Timer.start(registry);
            float[] vector = embedder.embed(content);
            embedding.stop(registry.timer(MetricNames.MEMORY_EMBEDDING, MetricNames.TAG_EMBEDDER, embedder.name()));
            return CompletableFuture.completedFuture(vector);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Forwards the finished head of the queue, in order; stops at the first memory still being embedded. */
    private void forwardFinished() {
        while (!inFlight.isEmpty()) {
            Map.Entry<Long, InFlight> head = inFlight.firstEntry();
            InFlight item = head.getValue();
            if (!item.embedding.isDone()) {
                return;
            }
            EnhancedMemory memory = item.pending.getCandidate();
            float[] vector;
            try {
                vector = item.embedding.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                registry.counter(MetricNames.MEMORY_EMBEDDING_FAILURES, MetricNames.TAG_EMBEDDER, embedder.name()).increment();
                if (item.attempts < maxAttempts) {
                    long backoff = BACKOFF.apply(Math.min(20, item.attempts));
                    LOG.warn("embedding memory {} failed (attempt {} of {}), retrying in {} ms: {}", memory.getMemoryId(),
                            item.attempts, maxAttempts, backoff, cause.toString());
                    start(item, workers == null ? 0 : backoff);
                    continue;
                }
                LOG.error("embedding memory {} failed {} times, passing it on without an embedding: {}",
                        memory.getMemoryId(), item.attempts, cause.toString());
                registry.counter(MetricNames.MEMORY_EMBEDDING_GIVEN_UP).increment();
                vector = null;
            }
            EnhancedMemory embedded = EnhancedMemory.newBuilder(memory).setEmbedding(vector == null ? null : asList(vector)).build();
            send(embedded, item.pending.getRecordTimestamp());
            queue.delete(key(head.getKey()));
            inFlight.pollFirstEntry();
            queued.decrementAndGet();
        }
    }

    private void send(EnhancedMemory memory, long timestamp) {
        MemoryIndexInput input = MemoryIndexInput.newBuilder().setCandidate(memory).setCommand(null).build();
        context.forward(new Record<>(scope.keyOf(memory), input, timestamp), candidatesChild);
    }

    private static List<Float> asList(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }

    private static void awaitQuietly(CompletableFuture<float[]> embedding) {
        try {
            embedding.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            // forwardFinished() sees the failure and retries or gives up
        }
    }

    private static String key(long seq) {
        return String.format(Locale.ROOT, "%019d", seq);
    }

    @Override
    public void close() {
        // The queue store keeps what is waiting; the new owner of the task computes it again.
        inFlight.values().forEach(item -> item.embedding.cancel(false));
        queued.addAndGet(-inFlight.size());
        inFlight.clear();
    }
}
