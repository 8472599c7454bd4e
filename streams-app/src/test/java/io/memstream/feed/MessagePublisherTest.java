package io.memstream.feed;

import static io.memstream.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.errors.DeadLetters;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.MessageType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class MessagePublisherTest {

    private static final String DLQ = "chat-messages-dlq";

    /** The wire format is not under test: a message is written as its toString(). */
    private static final Serializer<ChatMessage> AS_TEXT = (topic, m) -> m.toString().getBytes(StandardCharsets.UTF_8);

    private final MockProducer<String, ChatMessage> messages =
            new MockProducer<>(true, null, new StringSerializer(), AS_TEXT);
    private final MockProducer<byte[], byte[]> deadLetters =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final List<String> progress = new ArrayList<>();

    private static String line(String messageId, String sessionId, String content) {
        return "{\"message_id\":\"" + messageId + "\",\"session_id\":\"" + sessionId + "\",\"user_id\":\"alice\","
                + "\"role\":\"user\",\"content\":\"" + content + "\",\"timestamp\":\"2026-03-05T09:00:00Z\"}";
    }

    private static byte[] input(Object... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object line : lines) {
            out.writeBytes(line instanceof byte[] bytes ? bytes : line.toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private MessagePublisher.Result publish(byte[] input) {
        try (MessagePublisher publisher = new MessagePublisher(messages, deadLetters, "chat-messages", DLQ,
                new SimpleMeterRegistry())) {
            return publisher.publish(new ByteArrayInputStream(input), "chat.jsonl", true, progress::add);
        }
    }

    @Test
    void reportsDeadLettersAndSkipsEachBadLineAndPublishesTheRest() {
        byte[] notUtf8 = line("m2", "s1", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        String oversized = line("m3", "s1", "x".repeat(1_500_000));

        MessagePublisher.Result result = publish(input(
                line("m1", "s1", "first"),
                notUtf8,
                oversized,
                "{\"message_id\": ",
                line("m5", "s1", "no user").replace("\"user_id\":\"alice\",", ""),
                line("m6", "s1", "sixth"),
                line("m7", "s2", "seventh")));

        assertThat(messages.history()).extracting(r -> r.value().getMessageId())
                .containsExactly("m1", "m6", "m7", "s1#end", "s2#end");
        assertThat(messages.history()).filteredOn(r -> r.value().getType() == MessageType.SESSION_END).hasSize(2);
        assertThat(result.messages()).isEqualTo(3);
        assertThat(result.sessionEnds()).isEqualTo(2);
        assertThat(result.errors()).extracting(MessagePublisher.LineError::lineNumber).containsExactly(2L, 3L, 4L, 5L);
        int badByte = line("m2", "s1", "caf\u00e9").indexOf('\u00e9') + 1;
        assertThat(result.errors().get(0).reason()).contains("UTF-8", "byte " + badByte + " ", "0xe9");
        assertThat(result.errors().get(1).reason()).contains(oversized.length() + " bytes", "1000000");
        assertThat(result.errors().get(2).reason()).contains("not valid JSON");
        assertThat(result.errors().get(3).reason()).contains("user_id");
        assertThat(progress).anyMatch(p -> p.contains("line 2") && p.contains(DLQ));

        List<ProducerRecord<byte[], byte[]>> dead = deadLetters.history();
        assertThat(dead).extracting(ProducerRecord::topic).containsOnly(DLQ);
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetters.SOURCE_LINE)).containsExactly("2", "3", "4", "5");
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetters.SOURCE_FILE)).containsOnly("chat.jsonl");
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetters.ERROR_REASON))
                .containsExactly("INVALID", "TOO_LARGE", "INVALID", "INVALID");
        assertThat(dead.get(0).value()).isEqualTo(notUtf8);
        assertThat(dead.get(1).value()).hasSize(MessagePublisher.TOO_LONG_LINE_KEPT_BYTES)
                .isEqualTo(java.util.Arrays.copyOf(oversized.getBytes(StandardCharsets.UTF_8), MessagePublisher.TOO_LONG_LINE_KEPT_BYTES));
    }

    @Test
    void reportsAMessageTheBrokerRefusesWithItsLineNumberAndGoesOn() {
        MockProducer<String, ChatMessage> refusesM2 = new MockProducer<>(true, null, new StringSerializer(), AS_TEXT) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, ChatMessage> record) {
                if (record.value().getMessageId().equals("m2")) {
                    return CompletableFuture.failedFuture(new RecordTooLargeException("The message is 1048600 bytes"));
                }
                return super.send(record);
            }
        };
        MessagePublisher.Result result;
        try (MessagePublisher publisher = new MessagePublisher(refusesM2, deadLetters, "chat-messages", DLQ,
                new SimpleMeterRegistry())) {
            result = publisher.publish(new ByteArrayInputStream(input(line("m1", "s1", "one"), line("m2", "s1", "two"),
                    line("m3", "s1", "three"))), "chat.jsonl", true, progress::add);
        }

        assertThat(result.messages()).isEqualTo(2);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.lineNumber()).isEqualTo(2);
            assertThat(e.reason()).contains("1048600 bytes");
        });
        assertThat(header(deadLetters.history().get(0).headers(), DeadLetters.ERROR_REASON)).isEqualTo("TOO_LARGE");
        assertThat(refusesM2.history()).extracting(r -> r.value().getMessageId()).containsExactly("m1", "m3", "s1#end");
    }

    @Test
    void endsEverySessionAsTheUserItStartedWith() {
        publish(input(line("m1", "s1", "first"), line("m2", "s1", "from someone else").replace("alice", "bob")));

        assertThat(messages.history()).last().satisfies(end -> {
            assertThat(end.value().getType()).isEqualTo(MessageType.SESSION_END);
            assertThat(end.value().getUserId()).isEqualTo("alice");
        });
    }

    @Test
    void readsCrLfLinesAndAByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(bom);
        in.writeBytes((line("m1", "s1", "one") + "\r\n" + line("m2", "s1", "two") + "\r\n").getBytes(StandardCharsets.UTF_8));

        MessagePublisher.Result result = publish(in.toByteArray());

        assertThat(result.errors()).isEmpty();
        assertThat(result.messages()).isEqualTo(2);
    }
}
