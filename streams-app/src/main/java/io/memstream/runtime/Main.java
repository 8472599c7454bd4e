package io.memstream.runtime;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code memstream.jar}: a thin dispatcher to the commands. */
@Command(name = "memstream", mixinStandardHelpOptions = true, version = "memstream 0.1.0",
        description = "Turns chat traffic into long-term memories for AI assistants (Kafka Streams).",
        subcommands = {DemoCommand.class, EmbeddedCommand.class, RunCommand.class, ProduceCommand.class,
                BenchCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Hibernate (inside the Debezium JDBC sink) logs through jboss-logging, which would pick log4j and
        // print to stdout; route it through SLF4J like everything else.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.exit(commandLine().execute(args));
    }

    /** The command line with memstream's error handling: a user error prints one line and what to do, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("memstream " + commandLine.getCommandName() + ": " + rootMessage(e));
            if (!(e instanceof IllegalArgumentException) && !(e instanceof org.apache.kafka.common.config.ConfigException)) {
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
