package io.memstream.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.schemas.EnhancedMemory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calibrates {@code memory.reinforce.threshold} on a labelled set of memory statement pairs
 * ({@code /memory/paraphrase-pairs.tsv}: 36 paraphrases, 36 mostly hard non-paraphrases) with the real
 * all-MiniLM-L6-v2, twice: cosine similarity alone, and the index's whole decision (subject rules, then similarity
 * with the detail check). It holds the default to its measured precision and recall and prints the tables of
 * docs/benchmarks.md.
 */
class MemoryThresholdCalibrationTest {

    private record Pair(boolean sameFact, EnhancedMemory first, EnhancedMemory second, double similarity) {
    }

    private record Score(double threshold, int truePositives, int falsePositives, int falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            return 2 * precision() * recall() / (precision() + recall());
        }

        String row() {
            return String.format(Locale.ROOT, "| %.3f | %.3f | %.3f | %.3f | %d | %d |",
                    threshold, precision(), recall(), f1(), falsePositives, falseNegatives);
        }
    }

    private static final double[] THRESHOLDS = {0.70, 0.725, 0.75, 0.775, 0.80, 0.825, 0.85, 0.875, 0.90};
    private static List<Pair> pairs;

    @BeforeAll
    static void embedPairs() throws IOException {
        Embedder embedder = Embedders.local();
        pairs = new ArrayList<>();
        try (InputStream in = MemoryThresholdCalibrationTest.class.getResourceAsStream("/memory/paraphrase-pairs.tsv")) {
            int n = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                n++;
                EnhancedMemory first = embedded(embedder, MemoryIndexFixture.candidate("u", "a" + n + "#0", fields[1]).build());
                EnhancedMemory second = embedded(embedder, MemoryIndexFixture.candidate("u", "b" + n + "#0", fields[2]).build());
                pairs.add(new Pair("1".equals(fields[0]), first, second,
                        dot(MemoryDecider.embeddingOf(first), MemoryDecider.embeddingOf(second))));
            }
        }
    }

    private static EnhancedMemory embedded(Embedder embedder, EnhancedMemory memory) {
        List<Float> embedding = new ArrayList<>();
        for (float v : embedder.embed(memory.getContent())) {
            embedding.add(v);
        }
        memory.setEmbedding(embedding);
        return memory;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Cosine alone: the pair is one memory when its similarity reaches the threshold. */
    private static Score cosineAlone(double threshold) {
        return score(threshold, pair -> pair.similarity() >= threshold);
    }

    /** The index: the first memory is indexed, the second decided against it; REINFORCE makes them one memory. */
    private static Score indexDecision(double threshold) {
        MemoryDecider decider = new MemoryDecider(threshold, 0.1, SupersedeJudge.NONE);
        return score(threshold, pair -> {
            ScopeView view = new ScopeView("u");
            view.put(pair.first());
            return decider.decide(view, id -> pair.first(), pair.second()).kind() == MemoryDecision.Kind.REINFORCE;
        });
    }

    private interface Rule {
        boolean merges(Pair pair);
    }

    private static Score score(double threshold, Rule rule) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Pair pair : pairs) {
            boolean merged = rule.merges(pair);
            if (merged && pair.sameFact()) {
                tp++;
            } else if (merged) {
                fp++;
            } else if (pair.sameFact()) {
                fn++;
            }
        }
        return new Score(threshold, tp, fp, fn);
    }

    private static String table(java.util.function.DoubleFunction<Score> scorer) {
        StringBuilder table = new StringBuilder("| threshold | precision | recall | F1 | false merges | missed paraphrases |\n"
                + "|---|---|---|---|---|---|\n");
        for (double t : THRESHOLDS) {
            table.append(scorer.apply(t).row()).append('\n');
        }
        return table.toString();
    }

    @Test
    void labelledSetHasAtLeastSixtyPairsOfBothKinds() {
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(60);
        assertThat(pairs).filteredOn(Pair::sameFact).hasSizeGreaterThanOrEqualTo(30);
        assertThat(pairs).filteredOn(p -> !p.sameFact()).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void expressShippingParaphraseSitsJustBelowTheClassicThresholdAndAboveTheDefault() {
        Pair shipping = pairs.get(0);
        assertThat(shipping.first().getContent()).isEqualTo("Customer prefers express shipping for all orders");
        assertThat(shipping.similarity()).isBetween(0.84, 0.85);
        assertThat(shipping.similarity()).isGreaterThanOrEqualTo(MemstreamConfig.DEFAULT_REINFORCE_THRESHOLD);
    }

    @Test
    void cosineAloneCannotSeparateHardNegativesAtAnyThreshold() {
        System.out.println("cosine similarity alone\n" + table(MemoryThresholdCalibrationTest::cosineAlone));
        pairs.stream().filter(p -> !p.sameFact()).sorted((a, b) -> Double.compare(b.similarity(), a.similarity())).limit(3)
                .forEach(p -> System.out.printf(Locale.ROOT, "closest different facts %.3f: %s | %s%n",
                        p.similarity(), p.first().getContent(), p.second().getContent()));
        DoublePredicate separates = t -> cosineAlone(t).falsePositives() == 0 && cosineAlone(t).recall() >= 0.5;
        for (double t : THRESHOLDS) {
            assertThat(separates.test(t)).as("cosine alone separates the set at %.3f", t).isFalse();
        }
    }

    @Test
    void defaultThresholdWithTheDetailCheckMergesNoDifferentFactsAndMostParaphrases() {
        System.out.println("index decision (subject rules, similarity, detail check)\n"
                + table(MemoryThresholdCalibrationTest::indexDecision));
        double threshold = MemstreamConfig.DEFAULT_REINFORCE_THRESHOLD;
        pairs.stream().filter(Pair::sameFact).filter(p -> {
            ScopeView view = new ScopeView("u");
            view.put(p.first());
            return new MemoryDecider(threshold, 0.1, SupersedeJudge.NONE).decide(view, id -> p.first(), p.second()).kind()
                    != MemoryDecision.Kind.REINFORCE;
        }).forEach(p -> System.out.printf(Locale.ROOT, "missed at the default %.3f: %s | %s%n",
                p.similarity(), p.first().getContent(), p.second().getContent()));

        Score chosen = indexDecision(threshold);
        assertThat(chosen.falsePositives()).as("different facts merged at the default threshold").isZero();
        assertThat(chosen.recall()).as("paraphrases reinforced at the default threshold").isGreaterThanOrEqualTo(0.85);
        assertThat(chosen.recall()).as("more paraphrases than cosine alone at the classic 0.85")
                .isGreaterThan(cosineAlone(0.85).recall());
    }
}
