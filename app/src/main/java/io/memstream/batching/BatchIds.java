package io.memstream.batching;

/** Batch ids: {@code <session_id>#<seq>}, unique per session and the same on every replay of the same input. */
public final class BatchIds {

    private BatchIds() {
    }

    public static String of(String sessionId, int seq) {
        return sessionId + "#" + seq;
    }
}
