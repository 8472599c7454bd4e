package io.memstream.laptop;

import io.memstream.feed.ChatMessageJson;
import io.memstream.schemas.ChatMessage;
import io.memstream.schemas.EnhancedMemory;
import io.memstream.schemas.MessageType;
import io.memstream.schemas.Role;
import io.memstream.topology.TopologyFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * The memories the topology makes of some input, computed with {@link org.apache.kafka.streams.TopologyTestDriver}:
 * the reference a real cluster's output is compared with.
 */
final class ExpectedMemories {

    private ExpectedMemories() {
    }

    /** Final memory state by id after the lines (bad ones skipped) and a SESSION_END per session. */
    static Map<String, EnhancedMemory> of(List<String> jsonLines) {
        List<ChatMessage> messages = new ArrayList<>();
        Map<String, ChatMessage> lastOfSession = new LinkedHashMap<>();
        for (String line : jsonLines) {
            try {
                ChatMessage m = ChatMessageJson.parse(line);
                messages.add(m);
                lastOfSession.put(m.getSessionId(), m);
            } catch (IllegalArgumentException badLine) {
                // the publisher skips it too
            }
        }
        lastOfSession.values().forEach(last -> messages.add(ChatMessage.newBuilder(last)
                .setMessageId(last.getSessionId() + "#end").setRole(Role.SYSTEM).setContent("")
                .setType(MessageType.SESSION_END).setMetadata(new HashMap<>()).build()));
        try (TopologyFixture fixture = new TopologyFixture()) {
            // The memory index drops memories already expired by the wall clock; the cluster runs on today's clock.
            fixture.advanceWallClock(java.time.Duration.between(TopologyFixture.START, java.time.Instant.now()));
            messages.forEach(fixture::send);
            Map<String, EnhancedMemory> memories = new LinkedHashMap<>();
            for (KeyValue<String, EnhancedMemory> kv : fixture.memories.readKeyValuesToList()) {
                if (kv.value == null) {
                    memories.remove(kv.key);
                } else {
                    memories.put(kv.key, kv.value);
                }
            }
            return memories;
        }
    }
}
