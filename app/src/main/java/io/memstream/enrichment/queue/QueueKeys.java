package io.memstream.enrichment.queue;

/**
 * Keys of the enrichment-queue store: session id, NUL, the batch's seq zero-padded to ten digits, so that a session's
 * batches sort in batch order and a prefix scan finds them.
 */
public final class QueueKeys {

    private static final char SEPARATOR = '\u0000';

    private QueueKeys() {
    }

    public static String of(String sessionId, int seq) {
        return sessionId + SEPARATOR + String.format("%010d", seq);
    }

    public static String sessionOf(String key) {
        return key.substring(0, key.lastIndexOf(SEPARATOR));
    }

    public static int seqOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf(SEPARATOR) + 1));
    }
}
