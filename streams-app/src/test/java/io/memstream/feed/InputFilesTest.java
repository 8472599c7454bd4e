package io.memstream.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputFilesTest {

    @Test
    void theBundledSampleIsReadAsWrittenSoThatItsMemoriesDoNotDependOnTheDay() throws Exception {
        List<String> bundled;
        try (var resource = new BufferedReader(new InputStreamReader(
                InputFiles.class.getResourceAsStream(InputFiles.SAMPLE), StandardCharsets.UTF_8))) {
            bundled = resource.lines().toList();
        }
        try (var input = InputFiles.open(null)) {
            assertThat(new String(input.readAllBytes(), StandardCharsets.UTF_8).lines().toList()).isEqualTo(bundled);
        }
    }

    @Test
    void theBundledSampleIsThereAndEveryLineIsAValidMessage() throws Exception {
        try (var input = InputFiles.open(null)) {
            List<String> lines = new String(input.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(95);
            lines.forEach(ChatMessageJson::parse);
        }
    }
}
