package io.memstream.enrichment;

import io.memstream.errors.DeadLetters;
import io.memstream.errors.InvalidRecordException;
import io.memstream.ops.MetricNames;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.serde.WireFormatException;
import io.memstream.topology.TopologyNames;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each closed batch into memories keyed by memory_id. A batch that cannot be decoded, or that
 * the enricher fails on, goes whole to the batches dead-letter topic: its messages are never half-remembered.
 */
public final class EnrichmentProcessor implements Processor<byte[], byte[], Object, Object> {

    private final Deserializer<MessageBatch> batches;
    private final Enricher enricher;
    private ProcessorContext<Object, Object> context;

    public EnrichmentProcessor(Deserializer<MessageBatch> batches, Enricher enricher) {
        this.batches = batches;
        this.enricher = enricher;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        MessageBatch batch;
        try {
            batch = batches.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(""), record.value());
            if (batch == null) {
                throw new InvalidRecordException("value is null: chat-batches takes no tombstones");
            }
        } catch (WireFormatException | InvalidRecordException e) {
            context.forward(DeadLetters.of(record, context, DeadLetters.Stage.DECODE, e), TopologyNames.BATCHES_DLQ_SINK);
            return;
        }
        List<EnhancedMemory> memories;
        Timer.Sample enriching = Timer.start(Metrics.globalRegistry);
        try {
            memories = enricher.enrich(batch);
            enriching.stop(Metrics.timer(MetricNames.BATCH_PROCESSING));
        } catch (RuntimeException e) {
            context.forward(DeadLetters.of(record, context, DeadLetters.Stage.ENRICH, e), TopologyNames.BATCHES_DLQ_SINK);
            return;
        }
        for (EnhancedMemory memory : memories) {
            context.forward(new Record<>(memory.getMemoryId(), memory, record.timestamp()), TopologyNames.MEMORY_EMBEDDER);
            Metrics.counter(MetricNames.MEMORIES_EXTRACTED, MetricNames.TAG_MODEL, memory.getModel()).increment();
            Metrics.summary(MetricNames.MEMORY_QUALITY).record(memory.getQualityScore());
        }
    }
}
