package io.memstream.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.domain.DateResolver;
import io.memstream.schemas.Entity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MentionsTest {

    private static final Instant MONDAY = Instant.parse("2023-05-08T09:00:00Z");

    @Test
    void recordsDatePhrasesAsDateEntitiesAndNamesWithTheirTypeInTextOrder() {
        String content = "My sister Ana flies to Rio de Janeiro next Friday.";

        Mentions mentions = Mentions.in(content, content, DateResolver.resolve(content, MONDAY, "UTC"));

        assertThat(mentions.entities()).containsExactly(new Entity("Ana", "PERSON"),
                new Entity("Rio de Janeiro", "PLACE"), new Entity("next Friday", "DATE"));
        assertThat(mentions.people()).containsExactly("Ana (sister)");
        assertThat(mentions.relations()).containsExactly("sister");
    }

    @Test
    void writesEntitiesAsTheContentSpellsThem() {
        String content = "I\u2019m reading \u201cDune\u201d with Nate\u2019s sister.";

        Mentions mentions = Mentions.in(content.replace('\u2019', '\''), content, DateResolver.resolve(content,
                MONDAY, "UTC"));

        assertThat(mentions.entities()).containsExactly(new Entity("Dune", "WORK"), new Entity("Nate", "PERSON"));
        // a name's possessive owns the relation after it, and both are people (docs/memories.md)
        assertThat(mentions.people()).containsExactly("Nate", "sister");
    }
}
