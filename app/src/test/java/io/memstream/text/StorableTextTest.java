package io.memstream.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.Entity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void removesNulAndReplacesLoneSurrogatesKeepingPairs() {
        assertThat(StorableText.clean("a\u0000b")).isEqualTo("ab");
        assertThat(StorableText.clean("x\uD800y\uDC00z")).isEqualTo("x\uFFFDy\uFFFDz");
        assertThat(StorableText.clean("end\uD83D")).isEqualTo("end\uFFFD");
        assertThat(StorableText.clean("ok 🙂\ttab\nnewline")).isEqualTo("ok 🙂\ttab\nnewline");
        assertThat(StorableText.isStorable("ok 🙂")).isTrue();
        assertThat(StorableText.isStorable("\uDE42🙂")).isFalse();
    }

    @Test
    void cutsToAByteBudgetBetweenCodePoints() {
        assertThat(StorableText.prefixOfUtf8Bytes("héllo", 2)).isEqualTo("h");
        assertThat(StorableText.prefixOfUtf8Bytes("héllo", 3)).isEqualTo("hé");
        assertThat(StorableText.prefixOfUtf8Bytes("🙂🙂", 7)).isEqualTo("🙂");
        assertThat(StorableText.prefixOfUtf8Bytes("short", 100)).isEqualTo("short");
    }

    @Test
    void cleansEveryStringOfARecordNestedOnesIncluded() {
        EnhancedMemory memory = EnhancedMemory.newBuilder()
                .setMemoryId("m1").setUserId("u").setSessionId("s").setContent("code 4471\u0000").setSummary("s\uD800")
                .setCategory("other").setPersona("default").setImportance(1).setQualityScore(3).setConfidence(0.5)
                .setEntities(List.of(Entity.newBuilder().setText("Gym\u0000").setType("ORG").build()))
                .setTags(new java.util.ArrayList<>(List.of("t\u0000ag")))
                .setFirstSeen(Instant.EPOCH).setLastSeen(Instant.EPOCH).setModel("test").setPromptVersion("test").build();

        assertThat(StorableText.cleanRecord(memory)).isTrue();
        assertThat(memory.getContent()).isEqualTo("code 4471");
        assertThat(memory.getSummary()).isEqualTo("s\uFFFD");
        assertThat(memory.getEntities().get(0).getText()).isEqualTo("Gym");
        assertThat(memory.getTags()).containsExactly("tag");
        assertThat(StorableText.cleanRecord(memory)).isFalse();
    }
}
