package io.memstream.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.config.MemstreamConfig;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.serde.SpecificAvroSerde;
import io.memstream.topology.TopologyFixture;
import io.memstream.topology.TopologyNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher sees a session's messages through one repartition by session_id, whatever key and partitioner the
 * producer used. The test driver runs one task per sub-topology, so it shows the routing (what the batcher reads,
 * keyed how) and the batches; {@code io.memstream.laptop.SessionSpreadOverPartitionsIT} shows the same session
 * written to two real partitions.
 */
class SessionRepartitionTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void batcherReadsOnlyTheRepartitionBySessionIdAndNeverTheInputTopic() {
        // A topology description names internal topics before the application id is prefixed.
        String repartition = TopologyNames.messagesBySessionTopic("").substring(1);
        TopologyDescription.Subtopology batcher = subtopologyOf(TopologyNames.SESSION_BATCHER);
        TopologyDescription.Subtopology validator = subtopologyOf(TopologyNames.MESSAGE_VALIDATOR);

        assertThat(batcher).isNotEqualTo(validator);
        assertThat(sourceTopics(batcher)).containsExactly(repartition);
        assertThat(sourceTopics(validator)).containsExactly(fixture.config.topics().messages());
        assertThat(sinkTopics(validator)).containsExactlyInAnyOrder(repartition,
                fixture.config.topics().deadLetterOf(fixture.config.topics().messages()));
        assertThat(processorsOf(validator).stream().flatMap(p -> p.stores().stream()))
                .as("the validator's sub-topology holds no state, so spreading a session over its tasks splits nothing")
                .isEmpty();
    }

    @Test
    void messagesOfOneSessionUnderDifferentKeysMakeOneTwentyMessageBatchAndOneIdSequence() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ChatMessage message = fixture.message("mix-s1", "message " + i);
            sent.add(message.getMessageId());
            // As a producer that keys by user, or by nothing, would send them: other keys, other partitions.
            String key = switch (i % 3) {
                case 0 -> "mix-s1";
                case 1 -> "user-of-mix-s1";
                default -> null;
            };
            fixture.messages.pipeInput(key, message);
        }
        fixture.messages.pipeInput("user-of-mix-s1", fixture.sessionEnd("mix-s1"));

        List<TestRecord<String, MessageBatch>> batches = fixture.batches.readRecordsToList();
        assertThat(batches).extracting(TestRecord::key).containsOnly("mix-s1");
        assertThat(batches).extracting(b -> b.value().getBatchId()).containsExactly("mix-s1#0", "mix-s1#1");
        assertThat(batches).extracting(b -> b.value().getMessages().size()).containsExactly(20, 5);
        assertThat(batches).extracting(b -> b.value().getClosedBy()).containsExactly(ClosedBy.COUNT, ClosedBy.SESSION_END);
        assertThat(batches.stream().flatMap(b -> b.value().getMessages().stream()).map(ChatMessage::getMessageId))
                .containsExactlyElementsOf(sent);
        assertThat(fixture.messagesDeadLetters.isEmpty()).isTrue();
    }

    @Test
    void repartitionCarriesTheProducersBytesKeyedBySessionId() {
        SpecificAvroSerde<ChatMessage> serde = SpecificAvroSerde.forValues(ChatMessage.class,
                fixture.config.schemaRegistryUrl());
        ChatMessage message = fixture.message("s1", "keyed by user");
        byte[] produced = serde.serialize(fixture.config.topics().messages(), message);
        fixture.rawMessages.pipeInput("user-of-s1".getBytes(java.nio.charset.StandardCharsets.UTF_8), produced);

        TestRecord<String, byte[]> routed = fixture.driver.createOutputTopic(
                        TopologyNames.messagesBySessionTopic(fixture.config.getString(MemstreamConfig.APPLICATION_ID)),
                        new StringDeserializer(), new ByteArrayDeserializer())
                .readRecord();
        assertThat(routed.key()).isEqualTo("s1");
        assertThat(routed.value()).isEqualTo(produced);
    }

    @Test
    void undecodableBytesAreDeadLetteredBeforeTheRepartition() {
        fixture.rawMessages.pipeInput(new byte[] {1}, new byte[] {0, 0, 0});
        assertThat(fixture.messagesDeadLetters.readRecord().value()).isEqualTo(new byte[] {0, 0, 0});
        assertThat(fixture.driver.createOutputTopic(
                        TopologyNames.messagesBySessionTopic(fixture.config.getString(MemstreamConfig.APPLICATION_ID)),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .isEmpty()).isTrue();
    }

    private TopologyDescription.Subtopology subtopologyOf(String processor) {
        TopologyDescription description = fixture.topology.describe();
        return description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals(processor)))
                .findFirst().orElseThrow(() -> new AssertionError(processor + " is not in " + description));
    }

    private static Set<String> sourceTopics(TopologyDescription.Subtopology subtopology) {
        return subtopology.nodes().stream().filter(TopologyDescription.Source.class::isInstance)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()).collect(Collectors.toSet());
    }

    private static Set<String> sinkTopics(TopologyDescription.Subtopology subtopology) {
        return subtopology.nodes().stream().filter(TopologyDescription.Sink.class::isInstance)
                .map(n -> ((TopologyDescription.Sink) n).topic()).collect(Collectors.toSet());
    }

    private static List<TopologyDescription.Processor> processorsOf(TopologyDescription.Subtopology subtopology) {
        return subtopology.nodes().stream().filter(TopologyDescription.Processor.class::isInstance)
                .map(TopologyDescription.Processor.class::cast).toList();
    }
}
