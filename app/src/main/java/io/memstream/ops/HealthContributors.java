package io.memstream.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where components register what they know about their own health, like Micrometer's global registry for meters:
 * the component that owns the state registers when it starts, the health endpoints read whatever is registered.
 * A component with nothing registered is still reported, from its meters (see {@link HealthReports}).
 */
public final class HealthContributors {

    /** Component of {@code /health/llm}: the enrichment stage and its LLM providers. */
    public static final String LLM = "llm";
    /** Component of {@code /health/memory}: the memory index. */
    public static final String MEMORY = "memory";
    /** Component of {@code /health/sink}: the PostgreSQL sink connector, when this process watches it. */
    public static final String SINK = "sink";

    private static final Map<String, HealthContributor> REGISTERED = new ConcurrentHashMap<>();

    private HealthContributors() {
    }

    /**
     * Registers the contributor of {@code component}, replacing any earlier one; closing the returned handle
     * unregisters it (only if it is still the registered one).
     */
    public static AutoCloseable register(String component, HealthContributor contributor) {
        REGISTERED.put(component, contributor);
        return () -> REGISTERED.remove(component, contributor);
    }

    public static Optional<HealthContributor> of(String component) {
        return Optional.ofNullable(REGISTERED.get(component));
    }
}
