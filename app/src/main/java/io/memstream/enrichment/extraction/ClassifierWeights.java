package io.memstream.enrichment.extraction;

import io.memstream.memory.Embedder;
import io.memstream.memory.Embedders;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The standard classifier's weights, trained when the project is built and shipped in its jar, so that a process
 * starts without embedding every training sentence and running the gradient descent (several seconds on two cores).
 *
 * <p>The file carries the {@link SentenceClassifier#fingerprint} of the training it came from; weights whose
 * fingerprint is not the one of the training file and model on the class path are not used, and the classifier is
 * trained as before. The training is deterministic, so the shipped weights are the ones a process would train.
 */
final class ClassifierWeights {

    /** Where the build writes the weights, beside the classes. */
    static final String RESOURCE = "/io/memstream/enrichment/extraction/classifier-weights.bin";
    private static final String FORMAT = "memstream-classifier-weights-1";

    private ClassifierWeights() {
    }

    /** The fingerprint of the standard training: the project's sentences and the in-process model. */
    static String standardFingerprint() {
        return SentenceClassifier.fingerprint(LabelledSentence.training(), Embedders.LOCAL_NAME);
    }

    /** The shipped classifier, embedding with {@code embedder}, if the class path holds weights of this training. */
    static Optional<SentenceClassifier> shipped(Embedder embedder) {
        try (InputStream in = ClassifierWeights.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : read(in, standardFingerprint(), embedder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The classifier of {@code in}, or empty when the weights there come from another training than {@code fingerprint}. */
    static Optional<SentenceClassifier> read(InputStream in, String fingerprint, Embedder embedder) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        if (!FORMAT.equals(data.readUTF()) || !fingerprint.equals(data.readUTF())) {
            return Optional.empty();
        }
        int labelCount = data.readInt();
        List<String> labels = new ArrayList<>(labelCount);
        for (int k = 0; k < labelCount; k++) {
            labels.add(data.readUTF());
        }
        int dimensions = data.readInt();
        double[][] weights = new double[labelCount][dimensions];
        double[] bias = new double[labelCount];
        for (int k = 0; k < labelCount; k++) {
            bias[k] = data.readDouble();
            for (int d = 0; d < dimensions; d++) {
                weights[k][d] = data.readDouble();
            }
        }
        return Optional.of(new SentenceClassifier(embedder, List.copyOf(labels), weights, bias));
    }

    static void write(SentenceClassifier classifier, String fingerprint, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeUTF(FORMAT);
        data.writeUTF(fingerprint);
        data.writeInt(classifier.labels().size());
        for (String label : classifier.labels()) {
            data.writeUTF(label);
        }
        double[][] weights = classifier.weights();
        data.writeInt(weights[0].length);
        for (int k = 0; k < weights.length; k++) {
            data.writeDouble(classifier.bias()[k]);
            for (double weight : weights[k]) {
                data.writeDouble(weight);
            }
        }
        data.flush();
    }

    /** The build's step: trains the standard classifier and writes its weights to the file given. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ClassifierWeights <output file>");
        }
        long start = System.nanoTime();
        List<LabelledSentence> training = LabelledSentence.training();
        SentenceClassifier classifier = SentenceClassifier.trainedOn(training, Embedders.local());
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            write(classifier, SentenceClassifier.fingerprint(training, Embedders.LOCAL_NAME), out);
        }
        System.out.printf("classifier trained on %d sentences in %.1f s: %s%n", training.size(),
                (System.nanoTime() - start) / 1e9, file);
    }
}
