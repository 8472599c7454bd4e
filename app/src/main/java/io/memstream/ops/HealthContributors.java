package io.memstream.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the components of one app instance register what they know about their own health: the component that owns
 * the state registers when it starts, that instance's health endpoints read whatever is registered. One per app
 * instance, like its meter registry, so that two instances in one JVM never answer with each other's state. A
 * component with nothing registered is still reported, from its meters (see {@link HealthReports}).
 */
public final class HealthContributors {

    /** Component of {@code /health/llm}: the enrichment stage and its LLM providers. */
    public static final String LLM = "llm";
    /** Component of {@code /health/memory}: the memory index. */
    public static final String MEMORY = "memory";
    /** Component of {@code /health/sink}: the PostgreSQL sink connector, when this process watches it. */
    public static final String SINK = "sink";

    private final Map<String, HealthContributor> registered = new ConcurrentHashMap<>();

    /**
     * Registers the contributor of {@code component}, replacing any earlier one; closing the returned handle
     * unregisters it (only if it is still the registered one).
     */
    public AutoCloseable register(String component, HealthContributor contributor) {
        registered.put(component, contributor);
        return () -> registered.remove(component, contributor);
    }

    public Optional<HealthContributor> of(String component) {
        return Optional.ofNullable(registered.get(component));
    }
}
