package io.memstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memstream.domain.DateResolver.ResolvedPhrase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resolver against the labelled evaluation set (docs/evaluation.md): for every labelled date of a memory, the
 * resolver must find the phrase in its message and give the labelled value.
 */
class DateResolverEvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Share of labelled dates resolved exactly as labelled; see the "resolved exactly" lines this test prints. */
    private static final double MIN_EXACT_SHARE = 0.9;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "dev-casual", "heldout"})
    void resolvesTheLabelledDatesOfTheEvaluationSet(String part) throws IOException {
        List<JsonNode> messages = lines("/eval/" + part + "-messages.jsonl");
        List<JsonNode> labels = lines("/eval/" + part + "-labels.jsonl");
        Map<String, JsonNode> byId = new HashMap<>();
        messages.forEach(message -> byId.put(message.path("message_id").asText(), message));

        int labelled = 0;
        int exact = 0;
        for (JsonNode label : labels) {
            JsonNode message = byId.get(label.path("message_id").asText());
            String content = message.path("content").asText();
            List<ResolvedPhrase> found = DateResolver.resolve(content, Instant.parse(message.path("timestamp").asText()),
                    message.path("timezone").asText(null));
            for (JsonNode memory : label.path("memories")) {
                for (JsonNode date : memory.path("dates")) {
                    labelled++;
                    String text = date.path("text").asText();
                    int at = content.toLowerCase(Locale.ROOT).indexOf(text.toLowerCase(Locale.ROOT));
                    boolean resolved = found.stream().anyMatch(phrase -> (at < 0 || phrase.start() < at + text.length()
                            && at < phrase.end()) && phrase.resolved().equals(date.path("resolved").asText()));
                    exact += resolved ? 1 : 0;
                }
            }
        }
        double share = labelled == 0 ? 1 : (double) exact / labelled;
        System.out.printf(Locale.ROOT, "%s: %d of %d labelled dates resolved exactly (%.2f)%n", part, exact, labelled, share);
        assertThat(share).as("share of %s labelled dates resolved exactly", part).isGreaterThanOrEqualTo(MIN_EXACT_SHARE);
    }

    private static List<JsonNode> lines(String resource) throws IOException {
        InputStream in = DateResolverEvaluationTest.class.getResourceAsStream(resource);
        assertThat(in).as("evaluation resource %s", resource).isNotNull();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).map(DateResolverEvaluationTest::json).toList();
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + line, e);
        }
    }
}
