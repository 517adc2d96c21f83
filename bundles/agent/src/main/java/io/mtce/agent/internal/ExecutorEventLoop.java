package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** The production {@link EventLoop}: one daemon thread of a scheduled executor, which times on System.nanoTime. */
final class ExecutorEventLoop extends EventLoop {
    private final TimeSource time;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    /** @param wallClock the wall side of {@link #time} */
    ExecutorEventLoop(String name, Clock wallClock, Logger log) {
        super(log);
        this.time = TimeSource.of(wallClock, System::nanoTime);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    TimeSource time() {
        return time;
    }

    @Override
    <T> T call(Action<T> action) throws AgentException {
        if (Thread.currentThread() == thread) {
            return action.run();
        }
        Future<T> future;
        try {
            future = executor.submit(action::run);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the agent is stopped", e);
        }
        try {
            return future.get();
        } catch (CancellationException e) {
            throw new IllegalStateException("the agent is stopped", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agent", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AgentException a) {
                throw a;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    void execute(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // Stopped: nothing left to update.
        }
    }

    @Override
    Timer schedule(Runnable task, long delayMs) {
        ScheduledFuture<?> future = executor.schedule(() -> guarded(task), delayMs, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    void every(Runnable task, long periodMs) {
        executor.scheduleWithFixedDelay(() -> guarded(task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        for (Runnable queued : executor.shutdownNow()) {
            if (queued instanceof Future<?> future) {
                future.cancel(false); // a caller waiting on it fails instead of hanging
            }
        }
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
