package io.memstream.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the chat input: a given JSON-lines file, or the sample conversations bundled in the jar, read as they are.
 * Their timestamps are not moved to the present: memories are a function of the input, so the sample gives the same
 * memories on any day (its plans carry valid_until dates in the sample's own time, and nothing is deleted for that).
 */
public final class InputFiles {

    static final String SAMPLE = "/samples/conversations.jsonl";

    private InputFiles() {
    }

    /** The input's bytes: {@link MessagePublisher} decodes each line on its own, so that one bad line is one bad line. */
    public static InputStream open(Path input) throws IOException {
        if (input == null) {
            InputStream sample = InputFiles.class.getResourceAsStream(SAMPLE);
            if (sample == null) {
                throw new IllegalStateException("the bundled sample " + SAMPLE + " is missing from the jar; rebuild it");
            }
            return sample;
        }
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read input file " + input.toAbsolutePath());
        }
        return Files.newInputStream(input);
    }

    public static String describe(Path input) {
        return input == null ? "bundled sample conversations" : input.toString();
    }
}
