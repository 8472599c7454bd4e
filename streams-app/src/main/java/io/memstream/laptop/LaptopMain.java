package io.memstream.laptop;

import io.memstream.cli.Main;
import io.memstream.cli.RunCommand;
import io.memstream.evaluation.EvalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * Entry point of the laptop jar {@code memstream.jar}: the production {@code run} plus the commands that bring their own
 * stack or tooling ({@code demo}, {@code embedded}, {@code produce}, {@code bench}, {@code eval}).
 */
@Command(name = "memstream", mixinStandardHelpOptions = true, version = "memstream 0.1.0",
        description = "Turns chat traffic into long-term memories for AI assistants (Kafka Streams).",
        subcommands = {DemoCommand.class, EmbeddedCommand.class, RunCommand.class, ProduceCommand.class,
                BenchCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
public final class LaptopMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Hibernate (inside the Debezium JDBC sink) logs through jboss-logging, which would pick log4j and
        // print to stdout; route it through SLF4J like everything else.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.exit(commandLine().execute(args));
    }

    /** The laptop command line with memstream's error handling. */
    public static CommandLine commandLine() {
        return Main.withErrorHandling(new CommandLine(new LaptopMain()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
