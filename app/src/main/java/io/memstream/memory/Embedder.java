package io.memstream.memory;

/**
 * Turns a memory's content into a unit-length embedding, so that the cosine similarity of two memories is the dot
 * product of their embeddings. Implementations may block (a model run, an HTTP call): the memory embedder calls them
 * off the stream thread, and retries a call that throws.
 */
public interface Embedder {

    /** The embedding of {@code text}, normalised to length 1. */
    float[] embed(String text);

    /** What computes the embeddings, for logs and metrics, e.g. "local/all-minilm-l6-v2". */
    String name();
}
