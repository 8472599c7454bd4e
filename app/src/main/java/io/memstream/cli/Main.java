package io.memstream.cli;

import io.memstream.app.KafkaUnreachableException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of the production jar {@code memstream-app.jar}: {@code run} against a real Kafka and schema registry. */
@Command(name = "memstream", mixinStandardHelpOptions = true, version = "memstream 0.1.0",
        description = "Turns chat traffic into long-term memories for AI assistants (Kafka Streams).",
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(withErrorHandling(new CommandLine(new Main())).execute(args));
    }

    /** Gives {@code cli} memstream's error handling: a user error prints one line and what to do, not a stack trace. */
    public static CommandLine withErrorHandling(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("memstream " + commandLine.getCommandName() + ": " + rootMessage(e));
            if (!(e instanceof IllegalArgumentException) && !(e instanceof org.apache.kafka.common.config.ConfigException)
                    && !(e instanceof KafkaUnreachableException)) {
                commandLine.getErr().println("(set MEMSTREAM_LOG_LEVEL=DEBUG for details)");
                org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
            }
            return 1;
        });
        return cli;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
