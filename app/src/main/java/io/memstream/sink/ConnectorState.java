package io.memstream.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector's status as Connect's {@code GET /connectors/<name>/status} reports it, reduced to what is safe to
 * show: states and the class names of the failure's exceptions. Connect's {@code trace} is never kept whole, because
 * a sink's trace can quote the statement that failed, values and all (user content).
 */
public record ConnectorState(String connector, List<Task> tasks) {

    /** Connect's worker states. */
    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";

    /** A task's state, and for a FAILED one the exception class and its root cause's class (no message). */
    public record Task(int id, String state, Optional<String> errorClass, Optional<String> rootCauseClass) {
    }

    private static final Pattern FIRST_CLASS = Pattern.compile("^\\s*([\\w$.]+(?:Exception|Error|Throwable)[\\w$]*)");
    private static final Pattern CAUSED_BY = Pattern.compile("^\\s*Caused by: ([\\w$.]+)", Pattern.MULTILINE);

    public ConnectorState {
        tasks = List.copyOf(tasks);
    }

    /** Parses a status answer (already read as JSON into maps and lists). */
    @SuppressWarnings("unchecked")
    public static ConnectorState parse(Map<String, Object> status) {
        Map<String, Object> connector = (Map<String, Object>) status.getOrDefault("connector", Map.of());
        List<Task> tasks = new ArrayList<>();
        for (Map<String, Object> task : (List<Map<String, Object>>) status.getOrDefault("tasks", List.of())) {
            String trace = String.valueOf(task.getOrDefault("trace", ""));
            tasks.add(new Task(((Number) task.getOrDefault("id", 0)).intValue(), String.valueOf(task.get("state")),
                    firstClass(trace), rootCause(trace)));
        }
        return new ConnectorState(String.valueOf(connector.get("state")), tasks);
    }

    /** The connector and every task RUNNING, with at least one task. */
    public boolean running() {
        return RUNNING.equals(connector) && !tasks.isEmpty() && tasks.stream().allMatch(t -> RUNNING.equals(t.state()));
    }

    /** The connector or a task FAILED: Connect will not retry it by itself. */
    public boolean failed() {
        return FAILED.equals(connector) || tasks.stream().anyMatch(t -> FAILED.equals(t.state()));
    }

    /** What failed, by exception class, e.g. {@code task 0 FAILED: ...ConnectException caused by ...PSQLException}. */
    public String failureSummary() {
        return tasks.stream().filter(t -> FAILED.equals(t.state())).findFirst()
                .map(t -> "task " + t.id() + " FAILED: " + t.errorClass().orElse("(no exception)")
                        + t.rootCauseClass().map(c -> " caused by " + c).orElse(""))
                .orElse("connector " + connector);
    }

    private static Optional<String> firstClass(String trace) {
        Matcher m = FIRST_CLASS.matcher(trace);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> rootCause(String trace) {
        Matcher m = CAUSED_BY.matcher(trace);
        String last = null;
        while (m.find()) {
            last = m.group(1).replaceAll("[.:]+$", "");
        }
        return Optional.ofNullable(last);
    }
}
