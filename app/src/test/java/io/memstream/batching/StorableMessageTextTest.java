package io.memstream.batching;

import static io.memstream.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.errors.DeadLetters;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageBatch;
import io.memstream.topology.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StorableMessageTextTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void removesNulFromTheContentAndBatchesTheMessage() {
        fixture.send(fixture.message("s1", "My locker code is 4471\u0000 and the gym opens at 6."));
        fixture.send(fixture.sessionEnd("s1"));

        MessageBatch batch = fixture.batches.readValue();
        assertThat(batch.getMessages()).extracting(ChatMessage::getContent)
                .containsExactly("My locker code is 4471 and the gym opens at 6.");
        assertThat(fixture.messagesDeadLetters.isEmpty()).isTrue();
    }

    @Test
    void removesNulFromMetadataKeysAndValues() {
        ChatMessage m = fixture.message("s1", "hello");
        m.setMetadata(Map.of("client\u0000", "web\u0000app"));
        fixture.send(m);
        fixture.send(fixture.sessionEnd("s1"));

        assertThat(fixture.batches.readValue().getMessages().get(0).getMetadata()).containsExactly(Map.entry("client", "webapp"));
    }

    @Test
    void keepsTabsNewlinesAndOtherControlCharactersPostgresStores() {
        String text = "line one\nline two\ttabbed \u001b[1mbold\u001b[0m \u0007";
        fixture.send(fixture.message("s1", text));
        fixture.send(fixture.sessionEnd("s1"));

        assertThat(fixture.batches.readValue().getMessages().get(0).getContent()).isEqualTo(text);
    }

    @Test
    void deadLettersAMessageWhoseIdHoldsNulInsteadOfChangingTheId() {
        ChatMessage m = fixture.message("s1", "an id with a NUL");
        m.setUserId("alice\u0000");
        fixture.send(m);
        fixture.send(fixture.message("s1", "still batched"));
        fixture.send(fixture.sessionEnd("s1"));

        TestRecord<byte[], byte[]> dead = fixture.messagesDeadLetters.readRecord();
        assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("VALIDATE");
        assertThat(header(dead.headers(), DeadLetters.ERROR_REASON)).isEqualTo("INVALID");
        assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE)).contains("user_id", "NUL");
        assertThat(fixture.batches.readValue().getMessages()).extracting(ChatMessage::getContent)
                .containsExactly("still batched");
    }
}
