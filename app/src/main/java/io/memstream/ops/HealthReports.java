package io.memstream.ops;

import io.memstream.schemas.ClosedBy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The answers of the health endpoints, built from the Streams client's state and the meters the stages record.
 * A component that registers a {@link HealthContributor} ({@link HealthContributors#LLM}, {@link HealthContributors#MEMORY})
 * adds its own fields over these and can only make the status worse, never better.
 *
 * <p>Thresholds for DEGRADED follow the alert rules' warning levels: more than {@value #QUEUE_DEPTH_DEGRADED} batches
 * queued, an average batch over {@value #PROCESSING_DEGRADED_SECONDS} s, more than 5 % LLM timeouts.
 */
public final class HealthReports {

    static final int QUEUE_DEPTH_DEGRADED = 10;
    static final double PROCESSING_DEGRADED_SECONDS = 10;
    static final double LLM_TIMEOUT_RATE_DEGRADED = 0.05;
    private static final List<String> MEMORY_OUTCOMES = List.of("created", "reinforced", "superseded", "expired", "forgotten", "evicted", "duplicate");
    private static final String[] CIRCUIT_STATES = {"closed", "half_open", "open"};

    private final StreamsStatus streams;
    private final MeterRegistry registry;
    private final HealthContributors contributors;
    private final ActivityTracker activity;
    private final String applicationId;
    private final String enricher;
    private final Clock clock;

    /** The reports of one app instance: its client's state, its meters, its components' contributors. */
    public HealthReports(StreamsStatus streams, MeterRegistry registry, HealthContributors contributors,
                         ActivityTracker activity, String applicationId, String enricher, Clock clock) {
        this.streams = streams;
        this.registry = registry;
        this.contributors = contributors;
        this.activity = activity;
        this.applicationId = applicationId;
        this.enricher = enricher;
        this.clock = clock;
    }

    /** {@code /health}: is the process worth keeping? DOWN once the Streams client has failed or stopped. */
    public Health liveness() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("streams_state", streams.state().name());
        d.put("application_id", applicationId);
        d.put("uptime_seconds", Duration.between(streams.startedAt(), clock.instant()).toSeconds());
        d.put("timestamp", clock.instant().toString());
        Health.Status status = streams.alive() ? Health.Status.UP : Health.Status.DOWN;
        Optional<HealthContributor> sink = contributors.of(HealthContributors.SINK);
        if (sink.isPresent()) {
            Health sinkHealth = sink.get().health();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("status", sinkHealth.status().name());
            summary.putAll(sinkHealth.details());
            d.put("sink", summary);
            // A failed sink makes the instance DEGRADED, never DOWN: restarting this process would not heal it.
            if (sinkHealth.status() != Health.Status.UP) {
                status = status.and(Health.Status.DEGRADED);
            }
        }
        return new Health(status, d);
    }

    /**
     * {@code /health/sink}: the PostgreSQL sink connector's state, failures (by exception class) and lag, from the
     * watch registered as {@link HealthContributors#SINK}; UP with a note when this process does not watch it.
     */
    public Health sink() {
        return contributors.of(HealthContributors.SINK).map(HealthContributor::health)
                .orElseGet(() -> Health.up(Map.of("note", "the sink is not watched by this process: set "
                        + "sink.connect.url (MEMSTREAM_SINK_CONNECT_URL) to Kafka Connect's REST URL")));
    }

    /** {@code /health/ready}: RUNNING and every state store restored. */
    public Health readiness() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("streams_state", streams.state().name());
        List<Map<String, Object>> restoring = streams.restoring().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("store", r.store());
            m.put("partition", r.partition());
            m.put("restored", r.restored());
            m.put("total", r.total());
            return m;
        }).toList();
        d.put("restoring_stores", restoring);
        if (!streams.ready()) {
            d.put("reason", streams.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING
                    ? "streams client is " + streams.state() + ", not RUNNING"
                    : restoring.size() + " state store partition(s) still restoring");
        }
        return new Health(streams.ready() ? Health.Status.UP : Health.Status.DOWN, d);
    }

    /** {@code /health/processor}: the batching and enrichment pipeline of this instance. */
    public Health processor() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("streams_state", streams.state().name());
        double pending = gaugeSum(MetricNames.BATCHES_PENDING, null, null);
        double waiting = gaugeSum(MetricNames.ENRICHMENT_QUEUE_DEPTH, MetricNames.TAG_STATE, "waiting");
        double inFlight = gaugeSum(MetricNames.ENRICHMENT_QUEUE_DEPTH, MetricNames.TAG_STATE, "in_flight");
        long depth = Math.round(pending + waiting + inFlight);
        d.put("queue_depth", depth);
        d.put("queue", ordered("pending", Math.round(pending), "waiting", Math.round(waiting), "in_flight", Math.round(inFlight)));
        d.put("last_batch_time", activity.lastBatchClosed().map(Instant::toString).orElse(null));
        d.put("last_batch_processed_time", activity.lastBatchProcessed().map(Instant::toString).orElse(null));
        Collection<Timer> processing = registry.find(MetricNames.BATCH_PROCESSING).timers();
        long processed = processing.stream().mapToLong(Timer::count).sum();
        double totalSeconds = processing.stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
        double average = processed == 0 ? 0 : totalSeconds / processed;
        d.put("batches_processed", processed);
        d.put("avg_processing_time_seconds", round(average));
        d.put("max_processing_time_seconds", round(processing.stream().mapToDouble(t -> t.max(TimeUnit.SECONDS)).max().orElse(0)));
        Map<String, Long> closedBy = countersByTag(MetricNames.BATCHES_CLOSED, MetricNames.TAG_CLOSED_BY);
        for (ClosedBy trigger : ClosedBy.values()) {
            closedBy.putIfAbsent(trigger.name(), 0L);
        }
        d.put("batches_closed", closedBy);
        d.put("messages_batched", Math.round(counterSum(MetricNames.MESSAGES_BATCHED)));
        d.put("messages_duplicate", Math.round(counterSum(MetricNames.MESSAGES_DUPLICATE)));
        Map<String, Long> errors = countersByTag(MetricNames.DEAD_LETTERS, MetricNames.TAG_STAGE);
        d.put("error_count", errors.values().stream().mapToLong(Long::longValue).sum());
        d.put("errors_by_stage", errors);
        Health.Status status = streams.alive() ? Health.Status.UP : Health.Status.DOWN;
        if (status == Health.Status.UP && (depth > QUEUE_DEPTH_DEGRADED || average > PROCESSING_DEGRADED_SECONDS)) {
            status = Health.Status.DEGRADED;
        }
        return new Health(status, d);
    }

    /** {@code /health/llm}: which model enriches, how the providers fare, what it costs. */
    public Health llm() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enricher", enricher);
        Map<String, Map<String, Object>> providers = new TreeMap<>();
        long calls = 0;
        long timeouts = 0;
        for (Timer t : registry.find(MetricNames.LLM_LATENCY).timers()) {
            Map<String, Object> p = providers.computeIfAbsent(tag(t, MetricNames.TAG_PROVIDER), k -> newProvider());
            String outcome = tag(t, MetricNames.TAG_OUTCOME);
            p.put("model", tag(t, MetricNames.TAG_MODEL));
            p.merge("calls", t.count(), (a, b) -> (Long) a + (Long) b);
            p.merge("latency_seconds_total", t.totalTime(TimeUnit.SECONDS), (a, b) -> (Double) a + (Double) b);
            if (outcome.equals("error") || outcome.equals("timeout")) {
                p.merge(outcome.equals("error") ? "errors" : "timeouts", t.count(), (a, b) -> (Long) a + (Long) b);
            }
            calls += t.count();
            timeouts += outcome.equals("timeout") ? t.count() : 0;
        }
        List<String> chain = List.of(enricher.split(","));
        boolean anyOpen = false;
        boolean firstOpen = false;
        for (Gauge g : registry.find(MetricNames.LLM_CIRCUIT_STATE).gauges()) {
            int state = (int) Math.round(g.value());
            String provider = tag(g, MetricNames.TAG_PROVIDER);
            Map<String, Object> p = providers.computeIfAbsent(provider, k -> newProvider());
            p.put("circuit_state", state >= 0 && state < CIRCUIT_STATES.length ? CIRCUIT_STATES[state] : "unknown");
            anyOpen |= state == 2;
            firstOpen |= state == 2 && provider.equals(chain.get(0));
        }
        providers.values().forEach(p -> {
            long n = (Long) p.get("calls");
            double total = (Double) p.remove("latency_seconds_total");
            p.put("avg_latency_seconds", n == 0 ? 0 : round(total / n));
            p.put("timeout_rate", n == 0 ? 0 : round((Long) p.get("timeouts") / (double) n));
        });
        String activeProvider = enricher;
        String activeModel = enricher;
        for (Gauge g : registry.find(MetricNames.LLM_ACTIVE).gauges()) {
            if (g.value() >= 1) {
                activeProvider = tag(g, MetricNames.TAG_PROVIDER);
                activeModel = tag(g, MetricNames.TAG_MODEL);
            }
        }
        d.put("active_provider", activeProvider);
        d.put("active_model", activeModel);
        // One entry in the chain: nothing to fall back to, so batches wait while it is down and nothing is counted.
        if (chain.size() > 1) {
            d.put("fallback", String.join(",", chain.subList(1, chain.size())));
            d.put("fallback_active", firstOpen || !activeProvider.equals(chain.get(0)));
            d.put("fallback_activations", Math.round(counterSum(MetricNames.LLM_FALLBACK_ACTIVATIONS)));
        } else {
            d.put("fallback", "none configured");
            d.put("fallback_active", false);
        }
        d.put("llm_calls", calls);
        d.put("timeout_rate", calls == 0 ? 0 : round(timeouts / (double) calls));
        d.put("providers", providers);
        Map<String, Long> tokens = countersByTag(MetricNames.LLM_TOKENS, MetricNames.TAG_DIRECTION);
        d.put("tokens", ordered("in", tokens.getOrDefault("in", 0L), "out", tokens.getOrDefault("out", 0L)));
        d.put("estimated_cost_usd", round(counterSum(MetricNames.LLM_COST)));
        Map<String, Long> cache = countersByTag(MetricNames.LLM_CACHE_REQUESTS, MetricNames.TAG_RESULT);
        long hits = cache.getOrDefault("hit", 0L);
        long lookups = hits + cache.getOrDefault("miss", 0L);
        d.put("cache", ordered("hits", hits, "misses", lookups - hits, "hit_ratio", lookups == 0 ? null : round(hits / (double) lookups)));
        if (calls == 0 && providers.isEmpty()) {
            d.put("note", "the " + enricher + " enricher makes no LLM calls");
        }
        Health.Status status = anyOpen || (calls > 0 && timeouts / (double) calls > LLM_TIMEOUT_RATE_DEGRADED)
                ? Health.Status.DEGRADED : Health.Status.UP;
        Health health = new Health(status, d);
        return contributors.of(HealthContributors.LLM).map(c -> health.merge(c.health())).orElse(health);
    }

    /** {@code /health/memory}: what became of the memories, and their quality. */
    public Health memory() {
        Map<String, Object> d = new LinkedHashMap<>();
        boolean indexed = !registry.find(MetricNames.MEMORIES).counters().isEmpty()
                || contributors.of(HealthContributors.MEMORY).isPresent();
        d.put("index", indexed ? "memory-index" : "none: every extracted memory is written as a new one");
        d.put("memories_extracted", Math.round(counterSum(MetricNames.MEMORIES_EXTRACTED)));
        Map<String, Long> outcomes = countersByTag(MetricNames.MEMORIES, MetricNames.TAG_OUTCOME);
        Map<String, Long> totals = new LinkedHashMap<>();
        MEMORY_OUTCOMES.forEach(o -> totals.put(o, outcomes.getOrDefault(o, 0L)));
        totals.put("rejected", Math.round(counterSum(MetricNames.MEMORIES_REJECTED)));
        d.put("totals", totals);
        // The memory index's contributor, when registered, replaces this with its count.
        d.put("total_memories", null);
        long decided = totals.get("created") + totals.get("reinforced") + totals.get("superseded") + totals.get("rejected");
        d.put("reject_rate", decided == 0 ? null : round(totals.get("rejected") / (double) decided));
        DistributionSummary quality = registry.find(MetricNames.MEMORY_QUALITY).summary();
        d.put("avg_quality", quality == null || quality.count() == 0 ? null : round(quality.mean()));
        d.put("quality_distribution", quality == null ? Map.of() : distribution(quality));
        Health health = Health.up(d);
        return contributors.of(HealthContributors.MEMORY).map(c -> health.merge(c.health())).orElse(health);
    }

    /** Count of memories per quality score, from the summary's cumulative buckets. */
    private static Map<String, Long> distribution(DistributionSummary summary) {
        Map<String, Long> perScore = new LinkedHashMap<>();
        double below = 0;
        for (CountAtBucket bucket : summary.takeSnapshot().histogramCounts()) {
            perScore.put(Long.toString(Math.round(bucket.bucket())), Math.round(bucket.count() - below));
            below = bucket.count();
        }
        return perScore;
    }

    private static Map<String, Object> newProvider() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("model", null);
        p.put("calls", 0L);
        p.put("errors", 0L);
        p.put("timeouts", 0L);
        p.put("latency_seconds_total", 0.0);
        p.put("circuit_state", "closed");
        return p;
    }

    private double counterSum(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private Map<String, Long> countersByTag(String name, String tag) {
        Map<String, Long> byTag = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            byTag.merge(tag(c, tag), Math.round(c.count()), Long::sum);
        }
        return byTag;
    }

    private double gaugeSum(String name, String tag, String value) {
        var search = registry.find(name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
    }

    private static String tag(Meter meter, String key) {
        String value = meter.getId().getTag(key);
        return value == null ? "unknown" : value;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
