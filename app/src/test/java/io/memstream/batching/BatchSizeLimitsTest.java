package io.memstream.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memstream.config.MemstreamConfig;
import io.memstream.domain.Enricher;
import io.memstream.errors.DeadLetters;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageBatch;
import io.memstream.topology.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class BatchSizeLimitsTest {

    /** The record size brokers and producers accept by default (message.max.bytes, max.request.size). */
    private static final int KAFKA_DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    private static final int KB = 1024;

    /**
     * Batching alone is under test: the offline extractor takes seconds on a 64 KB word without spaces, which would
     * make these tests take minutes.
     */
    private static final Enricher NOTHING_TO_REMEMBER = new Enricher() {
        @Override
        public List<EnhancedMemory> enrich(MessageBatch batch) {
            return List.of();
        }

        @Override
        public String model() {
            return "none";
        }
    };

    private static TopologyFixture fixture() {
        return new TopologyFixture(Map.of(), NOTHING_TO_REMEMBER);
    }

    private static String text(int bytes, char c) {
        return String.valueOf(c).repeat(bytes);
    }

    /** Every record the topology wrote to any topic, changelogs and the repartition topic included. */
    private static List<TestRecord<byte[], byte[]>> everyRecordWritten(TopologyFixture fixture) {
        List<TestRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String topic : fixture.driver.producedTopicNames()) {
            records.addAll(fixture.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList());
        }
        return records;
    }

    @Test
    void aSessionOfTwentyMessagesOf150KbWritesNoRecordOverTheBrokersLimit() {
        try (TopologyFixture fixture = fixture()) {
            for (int i = 0; i < 20; i++) {
                fixture.send(fixture.message("s1", text(150 * KB, (char) ('a' + i))));
            }
            fixture.send(fixture.sessionEnd("s1"));
            List<String> topics = new ArrayList<>(fixture.driver.producedTopicNames());

            List<TestRecord<byte[], byte[]>> written = everyRecordWritten(fixture);
            assertThat(topics).anyMatch(t -> t.endsWith("batcher-sessions-changelog")).contains("chat-batches");
            assertThat(written).allSatisfy(r -> assertThat(r.value() == null ? 0 : r.value().length)
                    .isLessThan(KAFKA_DEFAULT_MAX_RECORD_BYTES));
        }
    }

    @Test
    void cutsTheContentOfAMessageOverTheLimitAndSaysHowMuchWasCut() {
        try (TopologyFixture fixture = fixture()) {
            fixture.send(fixture.message("s1", "start " + text(150 * KB, 'x')));
            fixture.send(fixture.sessionEnd("s1"));

            String content = fixture.batches.readValue().getMessages().get(0).getContent();
            assertThat(content).startsWith("start xxx").matches("(?s).*\\[\\.\\.\\. \\d+ bytes cut by memstream]$");
            assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * KB);
            int cut = Integer.parseInt(content.replaceAll("(?s).*\\[\\.\\.\\. (\\d+) bytes cut.*", "$1"));
            assertThat(content.indexOf(" [...") + cut).isEqualTo(("start " + text(150 * KB, 'x')).length());
            assertThat(fixture.messagesDeadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void cutsBetweenCharactersNeverInsideOne() {
        try (TopologyFixture fixture = fixture()) {
            fixture.send(fixture.message("s1", "🙂".repeat(40 * KB)));
            fixture.send(fixture.sessionEnd("s1"));

            String content = fixture.batches.readValue().getMessages().get(0).getContent();
            String kept = content.substring(0, content.indexOf(" [..."));
            assertThat(kept).matches("(🙂)+");
        }
    }

    @Test
    void closesABatchBeforeItsNextMessageWouldTakeItPastBatchMaxBytes() {
        Map<String, Object> limits = Map.of("batch.max.bytes", 512 * KB, "batch.message.max.bytes", 200 * KB);
        try (TopologyFixture fixture = new TopologyFixture(limits, NOTHING_TO_REMEMBER)) {
            List<ChatMessage> sent = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ChatMessage m = fixture.message("s1", text(150 * KB, (char) ('a' + i)));
                sent.add(m);
                fixture.send(m);
            }
            fixture.send(fixture.sessionEnd("s1"));

            List<MessageBatch> batches = fixture.batches.readValuesToList();
            assertThat(batches).extracting(b -> b.getMessages().size()).containsExactly(3, 3, 1);
            assertThat(batches).extracting(b -> b.getClosedBy().name()).containsExactly("SIZE", "SIZE", "SESSION_END");
            assertThat(batches).extracting(MessageBatch::getBatchId).containsExactly("s1#0", "s1#1", "s1#2");
            assertThat(batches.stream().flatMap(b -> b.getMessages().stream()).toList()).isEqualTo(sent);
        }
    }

    @Test
    void aMessageLimitAboveTheBatchBudgetIsAConfigurationError() {
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.BATCH_MAX_BYTES, 64 * KB,
                MemstreamConfig.BATCH_MESSAGE_MAX_BYTES, 128 * KB)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(MemstreamConfig.BATCH_MESSAGE_MAX_BYTES);
        assertThatThrownBy(() -> new MemstreamConfig(Map.of(MemstreamConfig.BATCH_MAX_BYTES, 1024 * KB)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(MemstreamConfig.BATCH_MAX_BYTES);
    }

    @Test
    void deadLettersAMessageThatDoesNotFitEvenWithoutContent() {
        try (TopologyFixture fixture = fixture()) {
            ChatMessage m = fixture.message("s1", "short");
            Map<String, String> metadata = new HashMap<>();
            metadata.put("attachment", text(100 * KB, 'm'));
            m.setMetadata(metadata);
            fixture.send(m);
            fixture.send(fixture.message("s1", "next"));
            fixture.send(fixture.sessionEnd("s1"));

            TestRecord<byte[], byte[]> dead = fixture.messagesDeadLetters.readRecord();
            assertThat(TopologyFixture.header(dead.headers(), DeadLetters.ERROR_REASON)).isEqualTo("TOO_LARGE");
            assertThat(fixture.batches.readValue().getMessages()).extracting(ChatMessage::getContent).containsExactly("next");
        }
    }
}
