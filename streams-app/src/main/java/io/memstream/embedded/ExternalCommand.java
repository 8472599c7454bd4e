package io.memstream.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs an operating-system program to completion and keeps what it printed, for logs and error messages. */
final class ExternalCommand {

    /** How a program ended: its exit code and its combined stdout and stderr. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ExternalCommand() {
    }

    static Result run(List<String> command, Path workingDirectory, Duration timeout) {
        String commandLine = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("Could not run " + commandLine + ": " + e.getMessage(), e);
        }
        // Drained on another thread so that a chatty program cannot block on a full pipe while we wait for it.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedRuntimeException("Gave up on " + commandLine + " after " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmbeddedRuntimeException("Interrupted while running " + commandLine, e);
        } catch (ExecutionException | TimeoutException e) {
            // The program has ended; only its output went missing, which must not hide the exit code.
            return new Result(process.exitValue(), "(output unavailable: " + e + ")");
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
