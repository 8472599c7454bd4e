package io.memstream.runtime;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Step-by-step progress on the console: what is happening, and how long each step took. */
public final class Progress {

    private final PrintStream out;
    private final long startedAt = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Runs a step, printing its name first and its duration after. */
    public <T> T step(String what, Callable<T> work) throws Exception {
        out.print("  " + what + " ... ");
        out.flush();
        long start = System.nanoTime();
        T result = work.call();
        out.println("done (" + seconds(System.nanoTime() - start) + ")");
        return result;
    }

    public void line(String text) {
        out.println(text);
    }

    /** A status line that rewrites itself while waiting; ends with {@link #endStatus()}. */
    public void status(String text) {
        out.print("\r  " + text + "        ");
        out.flush();
    }

    public void endStatus() {
        out.println();
    }

    public String elapsed() {
        return seconds(System.nanoTime() - startedAt);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
