package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    private final PromptTemplate template = PromptTemplate.load("memories-v1");

    @Test
    void theTranscriptIsJsonDataInsideTheDelimiters() {
        PromptTemplate.Prompt prompt = template.render(List.of(new PromptTemplate.Line(1, "user", "2023-05-08 Mon 14:02 +02:00 Europe/Berlin", "I say \"hi\"\nthen <b>bye</b>")), 5);
        assertThat(prompt.user()).contains("<chat_messages>\n[\n  {\"n\":1,\"role\":\"user\",\"text\":"
                + "\"I say \\\"hi\\\"\\nthen \\u003cb\\u003ebye\\u003c/b\\u003e\"}\n]\n</chat_messages>");
        assertThat(prompt.system()).contains("At most 5 memories").contains("\"personal_info\", \"preference\", \"opinion\"")
                .doesNotContain("{{");
    }

    @Test
    void versionTwoShowsWhenEachMessageWasWrittenAndTheDatesContract() {
        PromptTemplate v2 = PromptTemplate.load("memories-v2");
        PromptTemplate.Prompt prompt = v2.render(
                List.of(new PromptTemplate.Line(1, "user", "2023-05-08 Mon 14:02 +02:00 Europe/Berlin", "See you Friday")), 5);

        assertThat(prompt.user()).contains("<chat_messages>\n[\n  {\"n\":1,\"role\":\"user\","
                + "\"written\":\"2023-05-08 Mon 14:02 +02:00 Europe/Berlin\",\"text\":\"See you Friday\"}\n]\n</chat_messages>");
        assertThat(prompt.system()).contains("\"event\"", "\"opinion\"", "\"dates\"", "2023-W19", "SEASON", "\"WORK\"")
                .doesNotContain("{{");
        assertThat(v2.version()).isEqualTo("memories-v2");
    }

    @Test
    void equalTranscriptsHashEqualAndDifferentOnesDo() {
        List<PromptTemplate.Line> lines = List.of(new PromptTemplate.Line(1, "user", "2023-05-08 Mon 14:02 +02:00 Europe/Berlin", "I live in Lyon"));
        assertThat(template.render(lines, 5).hash()).isEqualTo(template.render(lines, 5).hash()).hasSize(64);
        assertThat(template.render(lines, 5).hash()).isNotEqualTo(template.render(lines, 4).hash());
    }

    @Test
    void theRepairFeedsTheErrorBack() {
        assertThat(template.repair("1 problem: $.memories is missing")).contains("1 problem: $.memories is missing");
    }

    @Test
    void anUnknownVersionNamesTheSetting() {
        assertThatThrownBy(() -> PromptTemplate.load("memories-v0")).hasMessageContaining("enrichment.prompt.version");
    }
}
