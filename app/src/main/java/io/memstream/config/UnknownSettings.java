package io.memstream.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Rejects a setting in one of memstream's own namespaces that memstream does not define, naming the nearest key:
 * {@code batch.sise=30} would otherwise pass through to Kafka Streams, which ignores it, and the app would run with
 * the default. Keys outside these namespaces are Kafka's and pass through unchanged.
 *
 * <p>The nearest key is the one at the smallest edit distance; a dozen lines of Levenshtein here rather than a new
 * dependency (commons-text) for one message.
 */
final class UnknownSettings {

    /** First segments of memstream's keys; Kafka defines none of them for a Streams client. */
    private static final Set<String> OWNED_NAMESPACES = Set.of(
            "batch", "enrichment", "memory", "topic", "ops", "embedded", "shutdown", "log", "app.log", "state.rocksdb", "sink");
    /** Beyond this many edits a suggestion is noise. */
    private static final int MAX_SUGGESTION_DISTANCE = 4;

    private UnknownSettings() {
    }

    static void reject(Map<?, ?> originals, Set<String> defined) {
        List<String> unknown = originals.keySet().stream().map(Object::toString)
                .filter(key -> owned(key) && !defined.contains(key)).sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        String key = unknown.get(0);
        String hint = nearest(key, defined).map(near -> ": did you mean " + near + "?")
                .orElse(": no such memstream setting (every key is documented in MemstreamConfig)");
        throw new ConfigException("unknown setting " + key + hint
                + (unknown.size() > 1 ? " (also unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : ""));
    }

    private static boolean owned(String key) {
        return OWNED_NAMESPACES.stream().anyMatch(namespace -> key.startsWith(namespace + "."));
    }

    static Optional<String> nearest(String key, Set<String> defined) {
        return defined.stream()
                .map(candidate -> new Candidate(candidate, distance(key, candidate)))
                .filter(candidate -> candidate.distance() <= MAX_SUGGESTION_DISTANCE)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    private record Candidate(String key, int distance) {
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
