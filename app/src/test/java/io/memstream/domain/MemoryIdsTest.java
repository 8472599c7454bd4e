package io.memstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "i live in paris",
        "I live in Paris.",
        "  I LIVE   in\tParis!! ",
        "I live in Paris\u00a0…",
        "Ｉ ｌｉｖｅ ｉｎ Ｐａｒｉｓ",
    })
    void givesTheSameIdToTheSameNormalizedContentOfOneUser(String content) {
        assertThat(MemoryIds.of("user-1", "s1#0", content))
                .isEqualTo(MemoryIds.of("user-1", "s1#0", "i live in paris"));
    }

    @Test
    void givesDifferentUsersDifferentIdsForTheSameContent() {
        assertThat(MemoryIds.of("user-1", "s1#0", "I live in Paris"))
                .isNotEqualTo(MemoryIds.of("user-2", "s1#0", "I live in Paris"));
    }

    @Test
    void givesDifferentContentDifferentIds() {
        assertThat(MemoryIds.of("user-1", "s1#0", "I live in Paris"))
                .isNotEqualTo(MemoryIds.of("user-1", "s1#0", "I live in Lyon"));
    }

    @Test
    void givesTheSameStatementInAnotherBatchAnotherId() {
        assertThat(MemoryIds.of("user-1", "s1#0", "I live in Paris"))
                .isNotEqualTo(MemoryIds.of("user-1", "s1#1", "I live in Paris"));
    }

    @Test
    void keepsTheUserAndContentApartSoTheirBoundaryCannotShift() {
        assertThat(MemoryIds.of("ab", "s1#0", "c")).isNotEqualTo(MemoryIds.of("a", "s1#0", "bc"));
    }

    @Test
    void keepsPunctuationInsideTheContent() {
        assertThat(MemoryIds.of("user-1", "s1#0", "I like C++ and C#"))
                .isNotEqualTo(MemoryIds.of("user-1", "s1#0", "I like C and C"));
    }

    @Test
    void isANameBasedUuidThatStaysTheSameAcrossReleases() {
        String id = MemoryIds.of("user-1", "s1#0", "I live in Paris.");

        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        // Pinned (UUID v3 of MD5 over "user-1", NUL, "i live in paris"): a change here re-keys every stored memory.
        assertThat(id).isEqualTo("c0eabada-6641-3ac5-b912-c158d4253c75");
    }

    @Test
    void acceptsEmptyContentAndEmoji() {
        assertThat(MemoryIds.of("user-1", "s1#0", "")).isEqualTo(MemoryIds.of("user-1", "s1#0", " ?! "));
        assertThat(MemoryIds.of("user-1", "s1#0", "I love 🍕"))
                .isNotEqualTo(MemoryIds.of("user-1", "s1#0", "I love"));
    }
}
