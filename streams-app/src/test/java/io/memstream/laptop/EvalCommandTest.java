package io.memstream.laptop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @TempDir
    Path dir;

    @Test
    void scoresTheOfflineEnricherOnGivenFilesAndPrintsEveryMeasure() throws IOException {
        Path messages = Files.writeString(dir.resolve("m.jsonl"), String.join("\n",
                message("t-1", "user", "I moved to Lisbon last month and I work as a nurse at Santa Maria hospital."),
                message("t-2", "assistant", "Oh wow, how is it?"),
                message("t-3", "user", "haha thanks")) + "\n");
        Path labels = Files.writeString(dir.resolve("l.jsonl"), String.join("\n",
                "{\"message_id\":\"t-1\",\"memories\":[{\"keywords\":[\"Lisbon\"],\"category\":\"event\","
                        + "\"dates\":[{\"text\":\"last month\",\"resolved\":\"2023-04\"}]},"
                        + "{\"keywords\":[\"nurse\"],\"category\":\"work\"}]}",
                "{\"message_id\":\"t-3\",\"memories\":[]}"));

        Result result = run("eval", "--messages", messages.toString(), "--labels", labels.toString(), "--misses", "3");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("== m.jsonl", "user messages        2", "expected memories    2",
                "recall ", "precision ", "category accuracy ", "date accuracy ", "people accuracy ", "entity accuracy ",
                "filler rate ", "duplicates ", "sentences/s ", "time invariance ", "misses", "false positives");
        assertThat(result.out()).containsPattern("time invariance +(\\d+) memories; \\1 with every timestamp \\+5 years \\(same\\)");
    }

    @Test
    void messagesWithoutLabelsIsABadInputThatSaysWhatToGive() throws IOException {
        Path messages = Files.writeString(dir.resolve("m.jsonl"), message("t-1", "user", "I live in Porto.") + "\n");

        Result result = run("eval", "--messages", messages.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("give both --messages and --labels");
    }

    @Test
    void anUnlabelledUserMessageIsABadInputNamingIt() throws IOException {
        Path messages = Files.writeString(dir.resolve("m.jsonl"), message("t-1", "user", "I live in Porto.") + "\n");
        Path labels = Files.writeString(dir.resolve("l.jsonl"), "");

        Result result = run("eval", "--messages", messages.toString(), "--labels", labels.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("user message 't-1' has no label line");
    }

    private static String message(String id, String role, String content) {
        return "{\"message_id\":\"" + id + "\",\"session_id\":\"t\",\"user_id\":\"u\",\"role\":\"" + role
                + "\",\"content\":\"" + content + "\",\"timestamp\":\"2023-05-08T10:00:00Z\",\"timezone\":\"Europe/Lisbon\"}";
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LaptopMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
