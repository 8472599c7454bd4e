package io.memstream.enrichment.extraction;

import io.memstream.memory.Embedder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * Multinomial logistic regression over sentence embeddings: the probability of each label (memory categories and
 * {@value LabelledSentence#NONE}) for a sentence.
 *
 * <p>Written here rather than taken from a library: it is forty lines of arithmetic, and the training must be exactly
 * reproducible — weights start at zero, the examples are used in file order, full-batch gradient descent runs a fixed
 * number of iterations, there is no random number anywhere — so that every instance, replay and test gets the same
 * model and therefore the same memories.
 */
final class SentenceClassifier {

    private static final int ITERATIONS = 400;
    private static final double LEARNING_RATE = 2.0;
    private static final double L2 = 1e-4;

    private final Embedder embedder;
    private final List<String> labels;
    private final double[][] weights;
    private final double[] bias;

    SentenceClassifier(Embedder embedder, List<String> labels, double[][] weights, double[] bias) {
        this.embedder = embedder;
        this.labels = labels;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * What the training of {@link #trainedOn} depends on: the examples in order, the embedding model and the
     * training's constants. Weights made from other inputs than these are not this training's.
     */
    static String fingerprint(List<LabelledSentence> examples, String embedderName) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((embedderName + "|" + ITERATIONS + "|" + LEARNING_RATE + "|" + L2).getBytes(StandardCharsets.UTF_8));
            for (LabelledSentence example : examples) {
                digest.update(("\n" + example.label() + "\t" + example.sentence()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** This classifier, embedding through {@code other}: another view of the same model, or the weights mean nothing. */
    SentenceClassifier embeddingWith(Embedder other) {
        return new SentenceClassifier(other, labels, weights, bias);
    }

    /** A classifier trained on these sentences, embedded with this embedder. */
    static SentenceClassifier trainedOn(List<LabelledSentence> examples, Embedder embedder) {
        List<String> labels = List.copyOf(new TreeSet<>(examples.stream().map(LabelledSentence::label).toList()));
        List<float[]> inputs = new ArrayList<>(examples.size());
        examples.forEach(example -> inputs.add(embedder.embed(example.sentence())));
        int dimensions = inputs.get(0).length;
        double[][] weights = new double[labels.size()][dimensions];
        double[] bias = new double[labels.size()];
        int n = examples.size();
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[][] gradient = new double[labels.size()][dimensions];
            double[] biasGradient = new double[labels.size()];
            for (int e = 0; e < n; e++) {
                float[] x = inputs.get(e);
                double[] p = softmax(weights, bias, x);
                int truth = labels.indexOf(examples.get(e).label());
                for (int k = 0; k < labels.size(); k++) {
                    double error = p[k] - (k == truth ? 1 : 0);
                    biasGradient[k] += error;
                    for (int d = 0; d < dimensions; d++) {
                        gradient[k][d] += error * x[d];
                    }
                }
            }
            for (int k = 0; k < labels.size(); k++) {
                bias[k] -= LEARNING_RATE * biasGradient[k] / n;
                for (int d = 0; d < dimensions; d++) {
                    weights[k][d] -= LEARNING_RATE * (gradient[k][d] / n + L2 * weights[k][d]);
                }
            }
        }
        return new SentenceClassifier(embedder, labels, weights, bias);
    }

    /** The labels in the order of {@link #probabilities}: sorted. */
    List<String> labels() {
        return labels;
    }

    double[][] weights() {
        return weights;
    }

    double[] bias() {
        return bias;
    }

    double[] probabilities(String sentence) {
        return softmax(weights, bias, embedder.embed(sentence));
    }

    private static double[] softmax(double[][] weights, double[] bias, float[] x) {
        double[] scores = new double[bias.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < bias.length; k++) {
            double score = bias[k];
            for (int d = 0; d < x.length; d++) {
                score += weights[k][d] * x[d];
            }
            scores[k] = score;
            max = Math.max(max, score);
        }
        double sum = 0;
        for (int k = 0; k < scores.length; k++) {
            scores[k] = Math.exp(scores[k] - max);
            sum += scores[k];
        }
        for (int k = 0; k < scores.length; k++) {
            scores[k] /= sum;
        }
        return scores;
    }
}
