package io.memstream.feed;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Step-by-step progress on the console: what is happening, and how long each step took. */
public final class Progress {

    private final PrintStream out;
    private static final long STATUS_INTERVAL_NANOS = 2_000_000_000L;
    private final long startedAt = System.nanoTime();
    private String lastStatus;
    private String pendingStatus;
    private long lastStatusAt;

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

    /** A status line while waiting: printed when it changes, at most every two seconds, so logs stay readable. */
    public void status(String text) {
        long now = System.nanoTime();
        if (!text.equals(lastStatus) && now - lastStatusAt >= STATUS_INTERVAL_NANOS) {
            out.println("  " + text);
            lastStatus = text;
            lastStatusAt = now;
        }
        pendingStatus = text.equals(lastStatus) ? null : text;
    }

    /** Ends a wait: prints the final status if it has not been shown. */
    public void endStatus() {
        if (pendingStatus != null) {
            out.println("  " + pendingStatus);
        }
        pendingStatus = null;
        lastStatus = null;
        lastStatusAt = 0;
    }

    public String elapsed() {
        return seconds(System.nanoTime() - startedAt);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
