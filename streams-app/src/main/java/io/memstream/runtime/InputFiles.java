package io.memstream.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the chat input: a given JSON-lines file, or the sample conversations bundled in the jar. The sample's
 * timestamps are moved so that its last message is now: its plans ("tomorrow at 7pm", "in two weeks") then lie
 * ahead, as they would in live traffic, instead of having expired months ago.
 */
final class InputFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SAMPLE = "/samples/conversations.jsonl";

    private InputFiles() {
    }

    static BufferedReader open(Path input) throws IOException {
        if (input == null) {
            InputStream sample = InputFiles.class.getResourceAsStream(SAMPLE);
            if (sample == null) {
                throw new IllegalStateException("the bundled sample " + SAMPLE + " is missing from the jar; rebuild it");
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sample, StandardCharsets.UTF_8))) {
                return new BufferedReader(new StringReader(rebasedToNow(lines.lines().toList(), Instant.now())));
            }
        }
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read input file " + input.toAbsolutePath());
        }
        return Files.newBufferedReader(input, StandardCharsets.UTF_8);
    }

    /** The JSON lines with every timestamp shifted by one offset, so that the latest becomes {@code now}. */
    static String rebasedToNow(List<String> lines, Instant now) throws IOException {
        List<ObjectNode> messages = new ArrayList<>();
        for (String line : lines) {
            messages.add((ObjectNode) JSON.readTree(line));
        }
        Instant latest = messages.stream().map(m -> Instant.parse(m.path("timestamp").asText())).max(Instant::compareTo)
                .orElse(now);
        Duration shift = Duration.ofSeconds(Duration.between(latest, now).toSeconds());
        StringBuilder rebased = new StringBuilder();
        for (ObjectNode message : messages) {
            message.put("timestamp", Instant.parse(message.path("timestamp").asText()).plus(shift).toString());
            rebased.append(JSON.writeValueAsString(message)).append('\n');
        }
        return rebased.toString();
    }

    static String describe(Path input) {
        return input == null ? "bundled sample conversations (timestamps moved so that the last message is now)" : input.toString();
    }
}
