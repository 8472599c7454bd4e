package io.memstream.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An embedder for tests: records the texts of each call, gives each distinct text an axis of its own (so that no two
 * texts look alike), and fails the first call that holds one of the texts it is told to fail once.
 */
final class RecordingEmbedder implements Embedder {

    static final int DIMENSIONS = 64;

    final List<List<String>> calls = new ArrayList<>();
    private final Set<String> failOnce;
    private final Map<String, Integer> axes = new HashMap<>();

    RecordingEmbedder() {
        this(Set.of());
    }

    RecordingEmbedder(Set<String> failOnce) {
        this.failOnce = new HashSet<>(failOnce);
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public synchronized List<float[]> embedAll(List<String> texts) {
        calls.add(List.copyOf(texts));
        if (texts.stream().anyMatch(failOnce::remove)) {
            throw new IllegalStateException("endpoint busy");
        }
        return texts.stream().map(this::vectorOf).toList();
    }

    /** The vector this embedder gives {@code text}. */
    synchronized float[] vectorOf(String text) {
        float[] vector = new float[DIMENSIONS];
        vector[axes.computeIfAbsent(text, t -> axes.size())] = 1;
        return vector;
    }

    @Override
    public String name() {
        return "recording";
    }
}
