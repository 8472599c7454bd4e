package io.memstream.laptop;

import io.memstream.config.MemstreamConfig;
import io.memstream.feed.MessagePublisher;
import io.memstream.feed.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The end-to-end tests' input: several users and sessions, one bad line, one producer retry. */
final class E2eConversations {

    private static final String RESOURCE = "/e2e/conversations.jsonl";

    private E2eConversations() {
    }

    static List<String> lines() throws IOException {
        try (InputStream in = E2eConversations.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Publishes {@code lines} as the produce command would, optionally closing every session they name. */
    static MessagePublisher.Result publish(MemstreamConfig config, List<String> lines, boolean endSessions, Progress progress) {
        try (MessagePublisher publisher = MessagePublisher.create(config)) {
            return publisher.publish(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)), "e2e input",
                    endSessions, progress::line);
        }
    }
}
