package io.memstream.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.domain.Enricher;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterRoutingTest {

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRouteUndecodableMessageToDeadLetterTopicWithReasonAndSourceAndGoOn() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            byte[] garbage = utf8("{\"not\":\"avro\"}");
            fixture.rawMessages.pipeInput(utf8("s1"), garbage);
            fixture.send(fixture.message("s1", "still batched"));
            fixture.send(fixture.sessionEnd("s1"));

            TestRecord<byte[], byte[]> dead = fixture.messagesDeadLetters.readRecord();
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(dead.key()).isEqualTo(utf8("s1"));
            assertThat(header(dead.headers(), DeadLetters.ERROR_REASON)).isEqualTo("UNKNOWN_MAGIC_BYTE");
            assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("DECODE");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("chat-messages");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
            assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE)).contains("0x7b");
            assertThat(fixture.messagesDeadLetters.isEmpty()).isTrue();

            assertThat(fixture.batches.readValue().getMessages()).extracting(ChatMessage::getContent).containsExactly("still batched");
        }
    }

    @Test
    void shouldRouteRecordNamingAnUnknownSchemaIdToDeadLetterTopic() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            byte[] unknownId = ByteBuffer.allocate(7).put((byte) 0).putInt(9999).put((byte) 2).put((byte) 4).array();
            fixture.rawMessages.pipeInput(utf8("s1"), unknownId);
            assertThat(header(fixture.messagesDeadLetters.readRecord().headers(), DeadLetters.ERROR_REASON))
                    .isEqualTo("UNKNOWN_SCHEMA_ID");
        }
    }

    @Test
    void shouldRouteTruncatedRecordToDeadLetterTopic() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            SpecificAvroSerde<ChatMessage> serde = SpecificAvroSerde.forValues(ChatMessage.class, fixture.config.schemaRegistryUrl());
            byte[] whole = serde.serialize("chat-messages", fixture.message("s1", "a message long enough to cut"));
            byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
            fixture.rawMessages.pipeInput(utf8("s1"), cut);
            assertThat(header(fixture.messagesDeadLetters.readRecord().headers(), DeadLetters.ERROR_REASON))
                    .isIn("TRUNCATED", "MALFORMED_BODY");
        }
    }

    @Test
    void shouldBatchAMessageWhoseKeyIsNotItsSessionIdUnderItsSessionId() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.messages.pipeInput("other-session", fixture.message("s1", "keyed by something else"));
            fixture.messages.pipeInput(null, fixture.message("s1", "unkeyed"));
            fixture.messages.pipeInput("s1", fixture.sessionEnd("s1"));

            assertThat(fixture.messagesDeadLetters.isEmpty()).isTrue();
            TestRecord<String, MessageBatch> batch = fixture.batches.readRecord();
            assertThat(batch.key()).isEqualTo("s1");
            assertThat(batch.value().getMessages()).extracting(ChatMessage::getContent)
                    .containsExactly("keyed by something else", "unkeyed");
        }
    }

    @Test
    void shouldRejectMessageWithBlankSessionIdWhateverItsKey() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            ChatMessage m = fixture.message("s1", "no session");
            m.setSessionId("");
            fixture.messages.pipeInput("s1", m);
            TestRecord<byte[], byte[]> dead = fixture.messagesDeadLetters.readRecord();
            assertThat(dead.key()).isEqualTo(utf8("s1"));
            assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("VALIDATE");
            assertThat(header(dead.headers(), DeadLetters.ERROR_REASON)).isEqualTo("INVALID");
            assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE)).contains("session_id");
            assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("chat-messages");
            assertThat(fixture.batches.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldRejectMessageWithBlankUserId() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            ChatMessage m = fixture.message("s1", "no owner");
            m.setUserId(" ");
            fixture.send(m);
            assertThat(header(fixture.messagesDeadLetters.readRecord().headers(), DeadLetters.ERROR_MESSAGE)).contains("user_id");
            assertThat(fixture.batches.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldRouteUndecodableBatchToBatchesDeadLetterTopic() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.rawBatches.pipeInput(utf8("s1"), new byte[] {1, 2, 3});
            TestRecord<byte[], byte[]> dead = fixture.batchesDeadLetters.readRecord();
            assertThat(header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("chat-batches");
            assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("DECODE");
        }
    }

    @Test
    void shouldDeadLetterABatchTheEnricherFailsOnAndEnrichTheNext() {
        Enricher failsOnFirstBatch = new Enricher() {
            @Override
            public List<EnhancedMemory> enrich(MessageBatch batch) {
                if (batch.getSeq() == 0) {
                    throw new IllegalStateException("enricher exploded on " + batch.getBatchId());
                }
                return List.of(EnhancedMemory.newBuilder()
                        .setMemoryId("memory-of-" + batch.getBatchId()).setUserId(batch.getUserId())
                        .setSessionId(batch.getSessionId()).setContent("c").setSummary("s").setCategory("other")
                        .setPersona("default").setImportance(1).setQualityScore(3).setConfidence(0.5)
                        .setFirstSeen(batch.getOpenedAt()).setLastSeen(batch.getClosedAt())
                        .setModel("test").setPromptVersion("test").build());
            }

            @Override
            public String model() {
                return "test";
            }
        };
        try (TopologyFixture fixture = new TopologyFixture(Map.of(), failsOnFirstBatch)) {
            fixture.send(fixture.message("s1", "first batch"));
            fixture.send(fixture.sessionEnd("s1"));
            fixture.send(fixture.message("s1", "second batch"));
            fixture.send(fixture.sessionEnd("s1"));

            TestRecord<byte[], byte[]> dead = fixture.batchesDeadLetters.readRecord();
            assertThat(header(dead.headers(), DeadLetters.ERROR_STAGE)).isEqualTo("ENRICH");
            assertThat(header(dead.headers(), DeadLetters.ERROR_MESSAGE)).contains("s1#0");
            assertThat(header(dead.headers(), DeadLetters.ERROR_CLASS)).isEqualTo(IllegalStateException.class.getName());
            assertThat(fixture.memories.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("memory-of-s1#1");
        }
    }
}
