package io.memstream.enrichment.extraction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One line of the training file: a label (a memory category, or {@value #NONE}) and a chat sentence. */
record LabelledSentence(String label, String sentence) {

    /** The label of a sentence that is no memory. */
    static final String NONE = "none";
    /** The project's labelled sentences, one {@code label<TAB>sentence} a line; {@code #} starts a comment. */
    static final String TRAINING_RESOURCE = "/io/memstream/enrichment/training/sentences.tsv";

    static List<LabelledSentence> training() {
        try (InputStream in = LabelledSentence.class.getResourceAsStream(TRAINING_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(TRAINING_RESOURCE + " is not on the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TRAINING_RESOURCE, e);
        }
    }

    static List<LabelledSentence> parse(BufferedReader reader) throws IOException {
        List<LabelledSentence> sentences = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new IllegalArgumentException("line " + number + " of the training file is not label<TAB>sentence");
            }
            sentences.add(new LabelledSentence(line.substring(0, tab).strip(), line.substring(tab + 1).strip()));
        }
        return sentences;
    }
}
