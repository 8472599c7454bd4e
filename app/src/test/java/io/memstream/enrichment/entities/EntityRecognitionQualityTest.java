package io.memstream.enrichment.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.domain.DateResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the recognizer on the labelled sentences of {@code entities/labelled-sentences.txt}: entity precision and
 * recall (a span counts when its text matches, case-insensitive), type accuracy over the matched spans, and the
 * share of sentences whose people list is exactly right. DATE spans come from the date resolver and are not
 * scored. The floors sit a little under the measured numbers so that a change that makes recognition worse fails.
 */
class EntityRecognitionQualityTest {

    private static final Instant WRITTEN_AT = Instant.parse("2026-03-04T10:00:00Z");

    record Case(String sentence, Map<String, String> entities, List<String> people) {
    }

    record Score(int cases, int predicted, int expected, int matched, int typedRight, int peopleRight) {

        double precision() {
            return ratio(matched, predicted);
        }

        double recall() {
            return ratio(matched, expected);
        }

        double typeAccuracy() {
            return ratio(typedRight, matched);
        }

        double peopleAccuracy() {
            return ratio(peopleRight, cases);
        }

        private static double ratio(int part, int whole) {
            return whole == 0 ? 1 : (double) part / whole;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d sentences: precision %.3f, recall %.3f, type accuracy %.3f,"
                    + " people accuracy %.3f", cases, precision(), recall(), typeAccuracy(), peopleAccuracy());
        }
    }

    @Test
    void recognizesEntitiesAndPeopleOfTheTuningSentences() throws IOException {
        Score score = score(cases().get("tune"), true);
        System.out.println("Entities, tune: " + score);

        assertThat(score.precision()).isGreaterThanOrEqualTo(0.95);
        assertThat(score.recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(score.typeAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(score.peopleAccuracy()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void recognizesEntitiesAndPeopleOfTheHeldOutSentences() throws IOException {
        Score score = score(cases().get("held-out"), false);
        System.out.println("Entities, held-out: " + score);

        assertThat(score.precision()).isGreaterThanOrEqualTo(0.90);
        assertThat(score.recall()).isGreaterThanOrEqualTo(0.90);
        assertThat(score.typeAccuracy()).isGreaterThanOrEqualTo(0.93);
        assertThat(score.peopleAccuracy()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void recognizesEntitiesAndPeopleOfTheHeldOutChatSentences() throws IOException {
        Score score = score(cases().get("held-out chat"), false);
        System.out.println("Entities, held-out chat: " + score);

        assertThat(score.precision()).isGreaterThanOrEqualTo(0.85);
        assertThat(score.recall()).isGreaterThanOrEqualTo(0.85);
        assertThat(score.typeAccuracy()).isGreaterThanOrEqualTo(0.80);
        assertThat(score.peopleAccuracy()).isGreaterThanOrEqualTo(0.90);
    }

    private static Score score(List<Case> cases, boolean printMistakes) {
        int predicted = 0;
        int expected = 0;
        int matched = 0;
        int typedRight = 0;
        int peopleRight = 0;
        for (Case labelled : cases) {
            Recognition recognition = recognize(labelled.sentence());
            Map<String, String> found = new LinkedHashMap<>();
            recognition.entities().stream().filter(span -> span.type() != EntityType.DATE)
                    .forEach(span -> found.put(span.text().toLowerCase(Locale.ROOT), span.type().name()));
            Map<String, String> wanted = new LinkedHashMap<>();
            labelled.entities().forEach((text, type) -> wanted.put(text.toLowerCase(Locale.ROOT), type));
            predicted += found.size();
            expected += wanted.size();
            for (Map.Entry<String, String> entity : found.entrySet()) {
                if (wanted.containsKey(entity.getKey())) {
                    matched++;
                    typedRight += wanted.get(entity.getKey()).equals(entity.getValue()) ? 1 : 0;
                }
            }
            boolean peopleMatch = recognition.people().equals(labelled.people());
            peopleRight += peopleMatch ? 1 : 0;
            if (printMistakes && (!found.equals(wanted) || !peopleMatch)) {
                System.out.printf("MISS %s%n  entities %s, want %s%n  people %s, want %s%n", labelled.sentence(),
                        found, wanted, recognition.people(), labelled.people());
            }
        }
        return new Score(cases.size(), predicted, expected, matched, typedRight, peopleRight);
    }

    private static Recognition recognize(String sentence) {
        List<TextSpan> dates = DateResolver.resolve(sentence, WRITTEN_AT, "UTC").stream()
                .map(date -> new TextSpan(date.start(), date.end(), date.text(), EntityType.DATE))
                .toList();
        return EntityRecognizer.recognize(sentence.replace('\u2019', '\''), sentence, dates);
    }

    private static Map<String, List<Case>> cases() throws IOException {
        Map<String, List<Case>> sections = new LinkedHashMap<>();
        List<Case> section = null;
        try (InputStream in = EntityRecognitionQualityTest.class.getResourceAsStream(
                "/entities/labelled-sentences.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("## ")) {
                    section = sections.computeIfAbsent(line.substring(3).strip(), name -> new ArrayList<>());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    section.add(parse(line));
                }
            }
        }
        return sections;
    }

    private static Case parse(String line) {
        String[] fields = line.split("\\|");
        Map<String, String> entities = new LinkedHashMap<>();
        for (String entity : list(fields[1])) {
            int equals = entity.lastIndexOf('=');
            entities.put(entity.substring(0, equals).strip(), entity.substring(equals + 1).strip());
        }
        return new Case(fields[0].strip(), entities, list(fields[2]));
    }

    private static List<String> list(String field) {
        String value = field.strip();
        return value.equals("-") ? List.of() : Arrays.stream(value.split(";")).map(String::strip).toList();
    }
}
