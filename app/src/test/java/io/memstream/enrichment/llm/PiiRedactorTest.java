package io.memstream.enrichment.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PiiRedactorTest {

    private final PiiRedactor.Session pii = new PiiRedactor(true, new SimpleMeterRegistry()).session();

    @Test
    void redactsEmailsPhonesCardsAndIbansAndRestoresThem() {
        String text = "Mail anna.k+news@example.co.uk or call +33 6 12 34 56 78; card 4111-1111-1111-1111, "
                + "IBAN DE89 3704 0044 0532 0130 00.";
        String redacted = pii.redact(text);
        assertThat(redacted).isEqualTo("Mail [EMAIL_1] or call [PHONE_1]; card [CARD_1], IBAN [IBAN_1].");
        assertThat(pii.restore(redacted)).isEqualTo(text);
        assertThat(pii.redactedValues()).isEqualTo(4);
    }

    @Test
    void theSameValueGetsTheSamePlaceholderAcrossMessages() {
        assertThat(pii.redact("write to a@b.org")).isEqualTo("write to [EMAIL_1]");
        assertThat(pii.redact("a@b.org or c@d.org")).isEqualTo("[EMAIL_1] or [EMAIL_2]");
    }

    @Test
    void leavesDatesTimesOrderNumbersAndShortNumbersAlone() {
        String text = "On 2026-03-05 at 10:30 I paid 1234 euros for order 4111111111111112 (not a card: Luhn fails).";
        assertThat(pii.redact(text)).isEqualTo(text);
    }

    @Test
    void anIbanMustPassItsChecksum() {
        assertThat(pii.redact("DE89 3704 0044 0532 0130 01")).doesNotContain("[IBAN_");
    }

    @Test
    void unknownPlaceholdersStayAsTheyAre() {
        pii.redact("a@b.org");
        assertThat(pii.restore("[EMAIL_1] and [EMAIL_7]")).isEqualTo("a@b.org and [EMAIL_7]");
    }

    @Test
    void aDisabledRedactorChangesNothing() {
        PiiRedactor.Session off = new PiiRedactor(false, new SimpleMeterRegistry()).session();
        assertThat(off.redact("a@b.org")).isEqualTo("a@b.org");
    }
}
