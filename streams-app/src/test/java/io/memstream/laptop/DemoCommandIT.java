package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, as a user runs it: the bundled sample in, memories from PostgreSQL out. */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DemoCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void demoWritesTheMemoriesPostgresHoldsAndSummarises() throws Exception {
        Path memories = dir.resolve("out/memories.jsonl");
        Path batches = dir.resolve("out/batches.jsonl");
        Path log = dir.resolve("out/demo.log");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            exit = LaptopMain.commandLine().execute("demo", "--output", memories.toString(), "--batches-output", batches.toString(),
                    "--log-file", log.toString());
        } finally {
            System.setOut(stdout);
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertThat(exit).isZero();
        List<String> rows = Files.readAllLines(memories);
        assertThat(rows).hasSizeGreaterThan(10);
        JsonNode first = JSON.readTree(rows.get(0));
        assertThat(first.has("memory_id")).isTrue();
        assertThat(first.path("model").asText()).isEqualTo("offline");
        assertThat(first.path("created_at").isTextual()).as("a column only PostgreSQL fills").isTrue();

        List<String> batchLines = Files.readAllLines(batches);
        int messagesInBatches = 0;
        for (String line : batchLines) {
            messagesInBatches += JSON.readTree(line).path("messages").size();
        }
        assertThat(messagesInBatches).isEqualTo(95);
        assertThat(printed)
                .contains("95 messages and 5 session ends published, 0 bad lines skipped")
                .contains("batches       " + batchLines.size() + " (COUNT 3, SIZE 0, IDLE 0, SESSION_END 5)")
                .contains("memories      " + rows.size() + " rows in PostgreSQL table memories")
                .contains("dead letters  0 chat-messages-dlq, 0 chat-batches-dlq, 0 enhanced-memories-dlq")
                .containsPattern("metrics and health  http://127\\.0\\.0\\.1:\\d+/metrics, http://127\\.0\\.0\\.1:\\d+/health"
                        + ".*listening on 127\\.0\\.0\\.1:\\d+")
                .contains("time taken")
                .contains("  log  " + log.toAbsolutePath());
        assertThat(Files.readString(log)).as("the log goes to the file, not the console")
                .contains("streams state REBALANCING -> RUNNING").contains("Kafka broker started");
    }
}
