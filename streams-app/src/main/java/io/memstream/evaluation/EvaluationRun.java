package io.memstream.evaluation;

import io.memstream.domain.EnrichmentOutcome;
import io.memstream.enrichment.EnrichmentService;
import io.memstream.enrichment.TrivialBatches;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import java.text.BreakIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The memories an enrichment service makes of an evaluation part, batch by batch as the pipeline would: batches with
 * only small talk are skipped as the enrichment stage skips them, and only accepted memories (at or above
 * enrichment.min.quality) count, since only they reach enhanced-memories.
 *
 * @param memories accepted memories in production order
 * @param batches batches formed from the part
 * @param trivial batches skipped as small talk
 * @param failures the batches the service could not enrich (no provider answered, or every answer was invalid),
 *                 each with why
 * @param sentences sentences of the user messages of the enriched batches
 * @param enrichNanos time spent inside the service
 */
record EvaluationRun(List<EnhancedMemory> memories, int batches, int trivial, List<String> failures, long sentences,
                     long enrichNanos) {

    static EvaluationRun of(EvaluationSet set, EnrichmentService service, int batchSize, Duration idleTimeout,
                            Consumer<String> progress) {
        List<MessageBatch> batches = EvaluationBatches.of(set.messages(), batchSize, idleTimeout);
        List<EnhancedMemory> memories = new ArrayList<>();
        int trivial = 0;
        List<String> failures = new ArrayList<>();
        long sentences = 0;
        long nanos = 0;
        for (int i = 0; i < batches.size(); i++) {
            MessageBatch batch = batches.get(i);
            progress.accept(set.name() + ": batch " + (i + 1) + "/" + batches.size());
            if (TrivialBatches.isTrivial(batch)) {
                trivial++;
                continue;
            }
            long start = System.nanoTime();
            EnrichmentOutcome outcome = service.enrich(batch);
            nanos += System.nanoTime() - start;
            sentences += sentencesOf(batch);
            if (outcome instanceof EnrichmentOutcome.Enriched enriched) {
                memories.addAll(enriched.accepted());
            } else {
                failures.add(batch.getBatchId() + ": " + outcome);
            }
        }
        return new EvaluationRun(List.copyOf(memories), batches.size(), trivial, List.copyOf(failures), sentences, nanos);
    }

    private static long sentencesOf(MessageBatch batch) {
        long count = 0;
        for (ChatMessage message : batch.getMessages()) {
            if (!EvaluationSet.isUserMessage(message)) {
                continue;
            }
            BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
            sentences.setText(message.getContent());
            int start = sentences.first();
            for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
                if (!message.getContent().substring(start, end).isBlank()) {
                    count++;
                }
            }
        }
        return count;
    }
}
