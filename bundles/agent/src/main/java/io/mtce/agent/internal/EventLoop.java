package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The agent's single thread: every state change runs here, so the state needs no locks. Other threads hand work
 * over ({@link #execute}) or run it here and wait ({@link #call}). A task that throws is logged; the loop goes on.
 */
final class EventLoop implements AutoCloseable {

    /** Work whose failure is an {@link AgentException} for the caller. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws AgentException;
    }

    private final Logger log;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    EventLoop(String name, Logger log) {
        this.log = log;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Runs {@code action} on the loop and waits for its result. */
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

    /** {@link #call} for work that cannot fail with an {@link AgentException}. */
    <T> T query(Action<T> action) {
        try {
            return call(action);
        } catch (AgentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands {@code task} to the loop; dropped once the loop is stopped. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // Stopped: nothing left to update.
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return executor.schedule(() -> guarded(task), delayMs, TimeUnit.MILLISECONDS);
    }

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

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("agent event loop task failed", e);
        }
    }
}
