package io.memstream.enrichment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** An executor that only collects work; the test runs each piece when it chooses, on its own thread. */
final class ManualExecutor implements Executor {

    private final List<Runnable> pending = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable work) {
        pending.add(work);
    }

    synchronized int pending() {
        return pending.size();
    }

    /** Runs the piece of work submitted {@code index}-th among those still pending. */
    void run(int index) {
        Runnable work;
        synchronized (this) {
            work = pending.remove(index);
        }
        work.run();
    }

    void runAll() {
        while (pending() > 0) {
            run(0);
        }
    }
}
