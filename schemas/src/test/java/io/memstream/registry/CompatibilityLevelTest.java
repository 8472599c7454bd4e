package io.memstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    @Test
    void parsesLevelsInAnyCaseAndRefusesOthersWithErrorCode42203() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SOMETIMES"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.error().errorCode()).isEqualTo(42203));
        assertThatThrownBy(() -> CompatibilityLevel.parse(null)).isInstanceOf(RegistryException.class);
    }

    @Test
    void fullTransitiveGuaranteesEveryLevel() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(CompatibilityLevel.FULL_TRANSITIVE.guarantees(level)).as(level.name()).isTrue();
        }
    }

    @Test
    void aLevelGuaranteesOnlyTheDirectionsAndDepthItChecks() {
        assertThat(CompatibilityLevel.BACKWARD.guarantees(CompatibilityLevel.FORWARD)).isFalse();
        assertThat(CompatibilityLevel.FULL.guarantees(CompatibilityLevel.FORWARD)).isTrue();
        assertThat(CompatibilityLevel.FULL.guarantees(CompatibilityLevel.FULL_TRANSITIVE)).isFalse();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.guarantees(CompatibilityLevel.FORWARD)).isTrue();
        assertThat(CompatibilityLevel.NONE.guarantees(CompatibilityLevel.BACKWARD)).isFalse();
        assertThat(CompatibilityLevel.NONE.guarantees(CompatibilityLevel.NONE)).isTrue();
    }
}
