package io.memstream.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry behind {@code /metrics}, one per app instance: memstream's own meters (recorded through
 * {@link #meters()}, which the app hands to every stage it builds, so that two instances in one JVM, as tests and
 * benchmarks run them, never count into each other's meters), the Kafka Streams client metrics, JVM and process
 * metrics.
 *
 * <p>Histograms: the batch and LLM timers get fixed buckets that bracket the latency alerts (5 s target, 10 s and 15 s
 * thresholds), and the quality score one bucket per score, so that {@code histogram_quantile} and the dashboard's
 * distribution work without client-side percentiles, which cannot be aggregated across instances.
 */
public final class OpsMetrics implements AutoCloseable {

    /** Bucket bounds of the batch-processing and LLM-latency histograms. */
    static final double[] LATENCY_BUCKETS_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300};
    /** Bucket bounds of the quality-score distribution (scores are 1 to 5). */
    static final double[] QUALITY_BUCKETS = {1, 2, 3, 4, 5};

    private final PrometheusMeterRegistry registry;
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final ActivityTracker activity;
    private final List<AutoCloseable> bound = new ArrayList<>();

    /** A registry tagged with the application id, with JVM and process metrics. */
    public OpsMetrics(String applicationId) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .commonTags("application", applicationId)
                .meterFilter(histograms());
        for (MeterBinder binder : List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(), new JvmGcMetrics(),
                new JvmThreadMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
                new FileDescriptorMetrics())) {
            binder.bindTo(registry);
            if (binder instanceof AutoCloseable closeable) {
                bound.add(closeable);
            }
        }
        meters.add(registry);
        activity = new ActivityTracker(registry, Clock.systemUTC());
        Gauge.builder(MetricNames.LAST_BATCH_CLOSED, activity, ActivityTracker::lastBatchClosedSeconds)
                .description("When this instance last closed a batch").baseUnit("seconds").register(registry);
        Gauge.builder(MetricNames.LAST_BATCH_PROCESSED, activity, ActivityTracker::lastBatchProcessedSeconds)
                .description("When this instance last finished enriching a batch").baseUnit("seconds").register(registry);
    }

    static MeterFilter histograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                double[] buckets = switch (id.getName()) {
                    case MetricNames.BATCH_PROCESSING, MetricNames.LLM_LATENCY -> nanos(LATENCY_BUCKETS_SECONDS);
                    case MetricNames.MEMORY_QUALITY -> QUALITY_BUCKETS;
                    default -> null;
                };
                if (buckets == null) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
            }
        };
    }

    /** Timer bucket bounds are given to Micrometer in nanoseconds; Prometheus shows them in seconds. */
    private static double[] nanos(double[] seconds) {
        double[] nanos = new double[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            nanos[i] = seconds[i] * 1e9;
        }
        return nanos;
    }

    /**
     * Adds the Kafka Streams client's metrics, whether it runs and restores, the free space of the state directory,
     * and the number of chat-batches records this instance has yet to read ({@link MetricNames#BATCHES_PENDING}: the
     * backlog in front of the enricher).
     */
    public void bindStreams(KafkaStreams streams, StreamsStatus status, String batchesTopic, File stateDir) {
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        bound.add(streamsMetrics);
        Gauge.builder(MetricNames.STREAMS_RUNNING, status, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the Kafka Streams client is RUNNING").register(registry);
        Gauge.builder(MetricNames.STORES_RESTORING, status, s -> s.restoring().size())
                .description("State store partitions being restored").register(registry);
        // Free space where RocksDB writes: a full state disk stops the instance.
        new DiskSpaceMetrics(stateDir).bindTo(registry);
        Gauge.builder(MetricNames.BATCHES_PENDING, streams, s -> lagOf(s.metrics(), batchesTopic))
                .description("chat-batches records this instance has not read yet (consumer lag)").register(registry);
    }

    /** Sum of records-lag over the partitions of {@code topic} the client's consumers fetch; NaN samples count as 0. */
    static double lagOf(Map<MetricName, ? extends Metric> metrics, String topic) {
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && topic.equals(name.tags().get("topic")) && name.tags().containsKey("partition")) {
                Object value = e.getValue().metricValue();
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    lag += n.doubleValue();
                }
            }
        }
        return lag;
    }

    /** The registry behind {@code /metrics}, which health reads. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The registry the app instance's stages record on: the Prometheus one, through a composite of this instance's
     * own, so that a benchmark can add a registry for the span it measures and see only what happened meanwhile.
     */
    public CompositeMeterRegistry meters() {
        return meters;
    }

    public ActivityTracker activity() {
        return activity;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Sampling interval of the activity tracker. */
    static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

    @Override
    public void close() {
        for (AutoCloseable closeable : bound) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a binder only unregisters listeners; nothing to recover
            }
        }
        meters.close();
        registry.close();
    }
}
