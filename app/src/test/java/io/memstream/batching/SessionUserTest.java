package io.memstream.batching;

import static io.memstream.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.errors.DeadLetters;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageBatch;
import io.memstream.topology.TopologyFixture;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionUserTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private ChatMessage from(String user, String sessionId, String content) {
        ChatMessage m = fixture.message(sessionId, content);
        m.setUserId(user);
        return m;
    }

    private ChatMessage endOf(String user, String sessionId) {
        ChatMessage end = fixture.sessionEnd(sessionId);
        end.setUserId(user);
        return end;
    }

    @Test
    void deadLettersAMessageOfAnotherUserAndGoesOnWithTheBatch() {
        fixture.send(from("alice", "s1", "I live in Paris."));
        ChatMessage intruder = from("bob", "s1", "My locker code is 4471.");
        fixture.send(intruder);
        fixture.send(from("alice", "s1", "I work at Acme."));
        fixture.send(endOf("alice", "s1"));

        TestRecord<byte[], byte[]> dead = fixture.messagesDeadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("s1".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("VALIDATE");
        assertThat(header(dead.headers(), DeadLetters.ERROR_REASON)).isEqualTo("USER_MISMATCH");
        assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE)).contains("bob", "alice", "s1");
        assertThat(fixture.messagesDeadLetters.isEmpty()).isTrue();

        MessageBatch batch = fixture.batches.readValue();
        assertThat(batch.getUserId()).isEqualTo("alice");
        assertThat(batch.getMessages()).extracting(ChatMessage::getContent)
                .containsExactly("I live in Paris.", "I work at Acme.");
    }

    @Test
    void aSessionKeepsTheUserOfItsFirstMessageAcrossBatches() {
        fixture.send(from("alice", "s1", "first batch"));
        fixture.send(endOf("alice", "s1"));
        fixture.send(from("bob", "s1", "bob opens the next batch"));
        fixture.send(from("alice", "s1", "second batch"));
        fixture.send(endOf("alice", "s1"));

        assertThat(header(fixture.messagesDeadLetters.readRecord().headers(), DeadLetters.ERROR_REASON))
                .isEqualTo("USER_MISMATCH");
        assertThat(fixture.batches.readValuesToList()).extracting(MessageBatch::getUserId).containsExactly("alice", "alice");
    }
}
