package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import org.slf4j.Logger;

/**
 * The agent's single line of execution: every state change runs on it, so the state needs no locks. Other threads
 * hand work over ({@link #execute}) or run it there and wait ({@link #call}). A task that throws is logged; the loop
 * goes on. Its timers run on its {@link #time}, which is the agent's only source of time, so that the two agree.
 */
abstract class EventLoop implements AutoCloseable {

    /** Work whose failure is an {@link AgentException} for the caller. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws AgentException;
    }

    /** A task scheduled for later, which can be called off. */
    @FunctionalInterface
    interface Timer {
        void cancel();
    }

    private final Logger log;

    EventLoop(Logger log) {
        this.log = log;
    }

    abstract TimeSource time();

    /**
     * Runs {@code action} on the loop, after the work handed over before it, and waits for its result.
     *
     * @throws IllegalStateException once the loop is closed
     */
    abstract <T> T call(Action<T> action) throws AgentException;

    /** {@link #call} for work that cannot fail with an {@link AgentException}. */
    final <T> T query(Action<T> action) {
        try {
            return call(action);
        } catch (AgentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands {@code task} to the loop from any thread; dropped once the loop is closed. */
    abstract void execute(Runnable task);

    abstract Timer schedule(Runnable task, long delayMs);

    /** Runs {@code task} every {@code periodMs} from now on, each run {@code periodMs} after the end of the last. */
    abstract void every(Runnable task, long periodMs);

    /** Stops the loop: queued work is dropped, and a caller waiting in {@link #call} fails instead of hanging. */
    @Override
    public abstract void close();

    final void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("agent event loop task failed", e);
        }
    }
}
