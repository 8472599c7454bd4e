package io.memstream.enrichment;

import io.memstream.enrichment.extraction.Extractor;
import io.memstream.feed.ChatMessageJson;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageBatch;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of the offline enricher, not a test (no assertion; the name keeps it out of the surefire and failsafe
 * runs). Run it with
 * <pre>./mvnw -B -o -q -pl streams-app -am test -Dtest=OfflineEnricherBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * It enriches the bundled sample conversations in 20-message batches per session, {@value #ROUNDS} times after
 * {@value #WARM_UP_ROUNDS} warm-up rounds, on one thread, and prints the training time, the user sentences enriched per second and the time
 * per batch.
 */
class OfflineEnricherBench {

    private static final int WARM_UP_ROUNDS = 5;
    private static final int ROUNDS = 10;
    private static final int BATCH_SIZE = 20;

    @Test
    void enrichTheSampleConversations() throws IOException {
        List<MessageBatch> batches = batchesOf(sample());
        long sentences = batches.stream().flatMap(b -> b.getMessages().stream())
                .filter(m -> m.getRole() == Role.USER && m.getType() == MessageType.MESSAGE)
                .mapToLong(m -> sentencesOf(m.getContent()))
                .sum();
        long start = System.nanoTime();
        OfflineEnricher enricher = new OfflineEnricher();
        double trainingSeconds = (System.nanoTime() - start) / 1e9;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            batches.forEach(enricher::enrich);
        }
        long slowest = 0;
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (MessageBatch batch : batches) {
                long t = System.nanoTime();
                enricher.enrich(batch);
                long took = System.nanoTime() - t;
                total += took;
                slowest = Math.max(slowest, took);
            }
        }
        System.out.printf(Locale.ROOT, "offline enricher: training %.1f s; %d batches x %d rounds; %.0f user "
                        + "sentences/s; %.1f ms per batch (mean), %.1f ms (max); max %d sentences per message%n",
                trainingSeconds, batches.size(), ROUNDS, sentences * ROUNDS / (total / 1e9),
                total / 1e6 / (batches.size() * ROUNDS), slowest / 1e6, Extractor.MAX_SENTENCES_PER_MESSAGE);
    }

    private static long sentencesOf(String content) {
        return content == null ? 0 : content.split("(?<=[.!?])\\s+|\\R+").length;
    }

    private static List<ChatMessage> sample() throws IOException {
        try (InputStream in = OfflineEnricherBench.class.getResourceAsStream("/samples/conversations.jsonl")) {
            List<ChatMessage> messages = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    messages.add(ChatMessageJson.parse(line));
                }
            }
            return messages;
        }
    }

    private static List<MessageBatch> batchesOf(List<ChatMessage> messages) {
        Map<String, List<ChatMessage>> bySession = new LinkedHashMap<>();
        messages.forEach(m -> bySession.computeIfAbsent(m.getSessionId(), s -> new ArrayList<>()).add(m));
        List<MessageBatch> batches = new ArrayList<>();
        bySession.forEach((session, ofSession) -> {
            for (int from = 0; from < ofSession.size(); from += BATCH_SIZE) {
                List<ChatMessage> part = ofSession.subList(from, Math.min(ofSession.size(), from + BATCH_SIZE));
                batches.add(TestBatches.batch(session, batches.size(), part));
            }
        });
        return batches;
    }
}
