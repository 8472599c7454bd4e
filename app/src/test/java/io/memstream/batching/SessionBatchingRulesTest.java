package io.memstream.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.ClosedBy;
import io.memstream.schemas.MessageBatch;
import io.memstream.topology.TopologyFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionBatchingRulesTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void cutsFortyFiveMessagesIntoTwentyTwentyAndFiveInArrivalOrder() {
        List<ChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            ChatMessage m = fixture.message("s1", "message " + i);
            sent.add(m);
            fixture.send(m);
        }
        fixture.send(fixture.sessionEnd("s1"));

        List<KeyValue<String, MessageBatch>> out = fixture.batches.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsOnly("s1");
        List<MessageBatch> batches = out.stream().map(kv -> kv.value).toList();
        assertThat(batches).extracting(b -> b.getMessages().size()).containsExactly(20, 20, 5);
        assertThat(batches).extracting(MessageBatch::getClosedBy)
                .containsExactly(ClosedBy.COUNT, ClosedBy.COUNT, ClosedBy.SESSION_END);
        assertThat(batches).extracting(MessageBatch::getBatchId).containsExactly("s1#0", "s1#1", "s1#2");
        assertThat(batches).extracting(MessageBatch::getSeq).containsExactly(0, 1, 2);
        assertThat(batches.stream().flatMap(b -> b.getMessages().stream()).toList()).isEqualTo(sent);
    }

    @Test
    void closesAtTwentyWithoutWaitingForMore() {
        for (int i = 0; i < 20; i++) {
            fixture.send(fixture.message("s1", "message " + i));
        }
        assertThat(fixture.batches.readValuesToList()).singleElement()
                .satisfies(b -> assertThat(b.getClosedBy()).isEqualTo(ClosedBy.COUNT));
    }

    @Test
    void closesEveryIdleSessionWhenMoreAreDueThanOneSliceOfTheScan() {
        int sessions = 2 * SessionBatcher.SCAN_SLICE + 500;
        for (int i = 0; i < sessions; i++) {
            fixture.send(fixture.message("s" + i, "hello from session " + i));
        }
        fixture.advanceWallClock(Duration.ofMinutes(11));

        List<MessageBatch> closed = fixture.batches.readValuesToList();
        assertThat(closed).hasSize(sessions).allMatch(batch -> batch.getClosedBy() == ClosedBy.IDLE);
        assertThat(closed).extracting(MessageBatch::getSessionId).doesNotHaveDuplicates();
    }

    @Test
    void closesPartialBatchAfterIdleTimeoutEvenWithoutNewTraffic() {
        fixture.send(fixture.message("s1", "one"));
        fixture.send(fixture.message("s1", "two"));
        fixture.send(fixture.message("s1", "three"));

        fixture.advanceWallClock(Duration.ofMinutes(9));
        assertThat(fixture.batches.isEmpty()).isTrue();

        fixture.advanceWallClock(Duration.ofMinutes(1).plusSeconds(30));
        MessageBatch batch = fixture.batches.readValue();
        assertThat(batch.getClosedBy()).isEqualTo(ClosedBy.IDLE);
        assertThat(batch.getMessages()).extracting(ChatMessage::getContent).containsExactly("one", "two", "three");
        assertThat(fixture.batches.isEmpty()).isTrue();
    }

    @Test
    void aPauseInTheChatLongerThanTheIdleTimeoutCutsTheBatchWhenReplayedAtOnce() {
        fixture.send(fixture.message("s1", "one"));
        fixture.send(fixture.message("s1", "two"));
        ChatMessage afterLunch = fixture.message("s1", "after lunch");
        afterLunch.setTimestamp(afterLunch.getTimestamp().plus(Duration.ofMinutes(45)));
        fixture.send(afterLunch);
        fixture.send(fixture.sessionEnd("s1"));

        List<MessageBatch> batches = fixture.batches.readValuesToList();
        assertThat(batches).extracting(MessageBatch::getClosedBy).containsExactly(ClosedBy.IDLE, ClosedBy.SESSION_END);
        assertThat(batches.get(0).getMessages()).extracting(ChatMessage::getContent).containsExactly("one", "two");
        assertThat(batches.get(1).getMessages()).extracting(ChatMessage::getContent).containsExactly("after lunch");
    }

    @Test
    void idleTimerRestartsWithEveryMessage() {
        fixture.send(fixture.message("s1", "one"));
        fixture.advanceWallClock(Duration.ofMinutes(8));
        fixture.send(fixture.message("s1", "two"));
        fixture.advanceWallClock(Duration.ofMinutes(8));
        assertThat(fixture.batches.isEmpty()).isTrue();
        fixture.advanceWallClock(Duration.ofMinutes(3));
        assertThat(fixture.batches.readValue().getMessages()).hasSize(2);
    }

    @Test
    void sessionEndClosesPartialBatchAtOnce() {
        fixture.send(fixture.message("s1", "one"));
        fixture.send(fixture.sessionEnd("s1"));
        MessageBatch batch = fixture.batches.readValue();
        assertThat(batch.getClosedBy()).isEqualTo(ClosedBy.SESSION_END);
        assertThat(batch.getMessages()).extracting(ChatMessage::getContent).containsExactly("one");
    }

    @Test
    void sessionEndWithNothingOpenEmitsNoBatch() {
        for (int i = 0; i < 20; i++) {
            fixture.send(fixture.message("s1", "message " + i));
        }
        fixture.send(fixture.sessionEnd("s1"));
        assertThat(fixture.batches.readValuesToList()).extracting(MessageBatch::getClosedBy).containsExactly(ClosedBy.COUNT);
    }

    @Test
    void messagesAfterSessionEndStartTheNextSequenceNumber() {
        fixture.send(fixture.message("s1", "one"));
        fixture.send(fixture.sessionEnd("s1"));
        fixture.send(fixture.message("s1", "two"));
        fixture.send(fixture.sessionEnd("s1"));
        assertThat(fixture.batches.readValuesToList()).extracting(MessageBatch::getBatchId).containsExactly("s1#0", "s1#1");
    }

    @Test
    void countsAMessageIdSeenTwiceInASessionOnce() {
        ChatMessage first = fixture.message("s1", "retried");
        fixture.send(first);
        fixture.send(first);
        fixture.send(fixture.message("s1", "next"));
        fixture.send(first);
        fixture.send(fixture.sessionEnd("s1"));
        assertThat(fixture.batches.readValue().getMessages()).extracting(ChatMessage::getContent)
                .containsExactly("retried", "next");
    }

    @Test
    void deduplicatesRetriesAcrossBatchBoundaries() {
        ChatMessage first = fixture.message("s1", "first");
        fixture.send(first);
        for (int i = 0; i < 19; i++) {
            fixture.send(fixture.message("s1", "message " + i));
        }
        fixture.send(first);
        fixture.send(fixture.sessionEnd("s1"));
        assertThat(fixture.batches.readValuesToList()).extracting(b -> b.getMessages().size()).containsExactly(20);
    }

    @Test
    void sameMessageIdInAnotherSessionIsAnotherMessage() {
        fixture.send(fixture.message("s1", "same-id", "in s1"));
        fixture.send(fixture.message("s2", "same-id", "in s2"));
        fixture.send(fixture.sessionEnd("s1"));
        fixture.send(fixture.sessionEnd("s2"));
        assertThat(fixture.batches.readValuesToList()).hasSize(2);
    }

    @Test
    void keepsInterleavedSessionsApartAndInOrder() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            String session = "s" + (i % 3);
            String content = session + " message " + i;
            expected.computeIfAbsent(session, s -> new ArrayList<>()).add(content);
            fixture.send(fixture.message(session, content));
        }
        expected.keySet().forEach(s -> fixture.send(fixture.sessionEnd(s)));

        Map<String, List<String>> actual = new HashMap<>();
        for (KeyValue<String, MessageBatch> kv : fixture.batches.readKeyValuesToList()) {
            assertThat(kv.value.getSessionId()).isEqualTo(kv.key);
            assertThat(kv.value.getMessages()).allSatisfy(m -> assertThat(m.getSessionId()).isEqualTo(kv.key));
            kv.value.getMessages().forEach(m -> actual.computeIfAbsent(kv.key, s -> new ArrayList<>()).add(m.getContent()));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyDistinctMessageLandsInExactlyOneBatchWhateverTheInterleaving() {
        Random random = new Random(42);
        Map<String, List<String>> expected = new HashMap<>();
        List<ChatMessage> sentSoFar = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String session = "s" + random.nextInt(7);
            int dice = random.nextInt(20);
            if (dice == 0 && !sentSoFar.isEmpty()) {
                fixture.send(sentSoFar.get(random.nextInt(sentSoFar.size())));
            } else if (dice == 1) {
                fixture.send(fixture.sessionEnd(session));
            } else if (dice == 2) {
                fixture.advanceWallClock(Duration.ofMinutes(11));
            } else {
                ChatMessage m = fixture.message(session, "content " + i);
                sentSoFar.add(m);
                expected.computeIfAbsent(session, s -> new ArrayList<>()).add(m.getMessageId());
                fixture.send(m);
            }
        }
        for (int s = 0; s < 7; s++) {
            fixture.send(fixture.sessionEnd("s" + s));
        }

        Map<String, List<String>> actual = new HashMap<>();
        for (MessageBatch batch : fixture.batches.readValuesToList()) {
            assertThat(batch.getMessages()).hasSizeBetween(1, 20);
            batch.getMessages().forEach(m -> actual.computeIfAbsent(batch.getSessionId(), s -> new ArrayList<>()).add(m.getMessageId()));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void batchRecordTakesTheTimestampOfTheRecordThatClosedItNotTheMessagesEventTime() {
        java.time.Instant published = java.time.Instant.parse("2026-11-21T10:00:00Z");
        ChatMessage monthsOld = fixture.message("s1", "from the archive");
        fixture.messages.pipeInput("s1", monthsOld, published);
        fixture.messages.pipeInput("s1", fixture.sessionEnd("s1"), published.plusSeconds(5));
        org.apache.kafka.streams.test.TestRecord<String, MessageBatch> batch = fixture.batches.readRecord();
        assertThat(batch.timestamp()).isEqualTo(published.plusSeconds(5).toEpochMilli());
        assertThat(batch.value().getMessages().get(0).getTimestamp()).isBefore(published.minus(Duration.ofDays(200)));
    }

    @Test
    void honoursAConfiguredBatchSize() {
        try (TopologyFixture small = new TopologyFixture(Map.of("batch.size", 3), null)) {
            for (int i = 0; i < 7; i++) {
                small.send(small.message("s1", "m " + i));
            }
            small.send(small.sessionEnd("s1"));
            assertThat(small.batches.readValuesToList()).extracting(b -> b.getMessages().size()).containsExactly(3, 3, 1);
        }
    }
}
