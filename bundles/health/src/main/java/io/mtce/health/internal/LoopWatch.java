package io.mtce.health.internal;

import io.mtce.health.Check;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Whether one event loop still runs work: {@link #ping()} hands it a no-op that records its run, never more than one
 * at a time, so a wedged loop collects one task, not a backlog. A loop is stuck once a ping waited
 * {@code stallMillis}.
 */
final class LoopWatch {
    private final String name;
    private final Executor loop;
    private final LongSupplier nanoTime;
    private final long stallNanos;
    private boolean outstanding; // guarded by this
    private long pingedAt; // guarded by this

    LoopWatch(String name, Executor loop, LongSupplier nanoTime, long stallMillis) {
        this.name = name;
        this.loop = loop;
        this.nanoTime = nanoTime;
        this.stallNanos = stallMillis * 1_000_000L;
    }

    String name() {
        return name;
    }

    Executor loop() {
        return loop;
    }

    void ping() {
        synchronized (this) {
            if (outstanding) {
                return;
            }
            outstanding = true;
            pingedAt = nanoTime.getAsLong();
        }
        try {
            loop.execute(this::pong);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: the ping stays outstanding and the loop is stuck if that lasts.
        }
    }

    private synchronized void pong() {
        outstanding = false;
    }

    synchronized Check check() {
        if (!outstanding) {
            return new Check(Check.Kind.LOOP, name, true, "responsive");
        }
        long waited = nanoTime.getAsLong() - pingedAt;
        if (waited < stallNanos) {
            return new Check(Check.Kind.LOOP, name, true, "responsive");
        }
        return new Check(Check.Kind.LOOP, name, false, "stuck: a no-op task has waited " + waited / 1_000_000_000L
                + " s for the loop");
    }
}
