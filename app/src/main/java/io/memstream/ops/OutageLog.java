package io.memstream.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The log of a dependency's outages (an LLM provider, a remote embeddings endpoint): one WARN line when it goes down,
 * saying what the pipeline does meanwhile, and one INFO line when it is back, with how long it was down and what the
 * pipeline did in between. Nothing else while it is down: each failed call is already counted in the metrics, and a
 * line per call would bury the two lines an operator needs. Thread-safe.
 */
public final class OutageLog {

    private final Logger log;
    private final String dependency;
    private final String whileDown;
    private final LongSupplier nanoTime;
    private final Map<String, Long> meanwhile = new LinkedHashMap<>();
    private boolean down;
    private long downSince;

    /**
     * @param dependency what went down, as the lines name it ("LLM provider openai/gpt-4o-mini")
     * @param whileDown what the pipeline does while it is down ("batches go to ollama/qwen2.5:3b")
     */
    public OutageLog(Logger log, String dependency, String whileDown, LongSupplier nanoTime) {
        this.log = log;
        this.dependency = dependency;
        this.whileDown = whileDown;
        this.nanoTime = nanoTime;
    }

    /** The dependency is down: logs the start of an outage, unless one is going on. */
    public synchronized void down(String cause) {
        if (down) {
            return;
        }
        down = true;
        downSince = nanoTime.getAsLong();
        meanwhile.clear();
        log.warn("{} is down ({}); {} until it is back", dependency, cause, whileDown);
    }

    /** Counts what the pipeline did instead of using the dependency ("went to offline"); ignored when it is up. */
    public synchronized void meanwhile(String what) {
        if (down) {
            meanwhile.merge(what, 1L, Long::sum);
        }
    }

    /** The dependency answered again: logs the end of the outage, if one was going on. */
    public synchronized void up() {
        if (!down) {
            return;
        }
        down = false;
        String happened = meanwhile.isEmpty() ? "nothing needed it"
                : meanwhile.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
        log.info("{} is back after {}; meanwhile: {}", dependency, readable(Duration.ofNanos(nanoTime.getAsLong() - downSince)),
                happened);
    }

    public synchronized boolean isDown() {
        return down;
    }

    /** "2h 5m 3s", "3m 2s", "45s", "850ms". */
    static String readable(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append("h ");
        }
        if (duration.toHours() > 0 || duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append("m ");
        }
        return text.append(duration.toSecondsPart()).append('s').toString();
    }
}
