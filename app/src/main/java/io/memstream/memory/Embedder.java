package io.memstream.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a memory's content into a unit-length embedding, so that the cosine similarity of two memories is the dot
 * product of their embeddings. Implementations may block (a model run, an HTTP call): the memory embedder calls them
 * off the stream thread, and retries a call that throws.
 */
public interface Embedder {

    /** The embedding of {@code text}, normalised to length 1. */
    float[] embed(String text);

    /**
     * The embeddings of {@code texts}, in their order. An endpoint answers a list in one call and the in-process model
     * spreads it over the cores; this default embeds one text at a time.
     */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        texts.forEach(text -> vectors.add(embed(text)));
        return vectors;
    }

    /** What computes the embeddings, for logs and metrics, e.g. "local/all-minilm-l6-v2". */
    String name();
}
