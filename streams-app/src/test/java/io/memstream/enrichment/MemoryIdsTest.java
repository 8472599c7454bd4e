package io.memstream.enrichment;

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
        assertThat(MemoryIds.forContent("user-1", content))
                .isEqualTo(MemoryIds.forContent("user-1", "i live in paris"));
    }

    @Test
    void givesDifferentUsersDifferentIdsForTheSameContent() {
        assertThat(MemoryIds.forContent("user-1", "I live in Paris"))
                .isNotEqualTo(MemoryIds.forContent("user-2", "I live in Paris"));
    }

    @Test
    void givesDifferentContentDifferentIds() {
        assertThat(MemoryIds.forContent("user-1", "I live in Paris"))
                .isNotEqualTo(MemoryIds.forContent("user-1", "I live in Lyon"));
    }

    @Test
    void keepsTheUserAndContentApartSoTheirBoundaryCannotShift() {
        assertThat(MemoryIds.forContent("ab", "c")).isNotEqualTo(MemoryIds.forContent("a", "bc"));
    }

    @Test
    void keepsPunctuationInsideTheContent() {
        assertThat(MemoryIds.forContent("user-1", "I like C++ and C#"))
                .isNotEqualTo(MemoryIds.forContent("user-1", "I like C and C"));
    }

    @Test
    void isANameBasedUuidThatStaysTheSameAcrossReleases() {
        String id = MemoryIds.forContent("user-1", "I live in Paris.");

        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        // Pinned (UUID v3 of MD5 over "user-1", NUL, "i live in paris"): a change here re-keys every stored memory.
        assertThat(id).isEqualTo("29c97a47-87d2-3c1f-b90f-65b2ef13fc73");
    }

    @Test
    void acceptsEmptyContentAndEmoji() {
        assertThat(MemoryIds.forContent("user-1", "")).isEqualTo(MemoryIds.forContent("user-1", " ?! "));
        assertThat(MemoryIds.forContent("user-1", "I love 🍕"))
                .isNotEqualTo(MemoryIds.forContent("user-1", "I love"));
    }
}
