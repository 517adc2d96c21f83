package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import io.mtce.testing.MutableClock;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * An {@link EventLoop} on a clock the test moves: nothing runs by itself. Work handed over from any thread waits
 * until the test thread runs the loop, in {@link #call} (first the work handed over before it, as on the real loop)
 * or {@link #advance}, which moves the clock from one timer to the next and runs each with the clock at its time.
 */
final class ManualEventLoop extends EventLoop {

    private static final class Task implements Timer {
        final long dueNanos;
        final long order;
        final Runnable body;
        volatile boolean cancelled;

        Task(long dueNanos, long order, Runnable body) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final MutableClock clock;
    private final TimeSource time;
    /** Held while running tasks: one thread at a time is the loop, and a task calling the loop runs inline. */
    private final ReentrantLock running = new ReentrantLock();
    // Guarded by itself: tasks are handed over from receive threads too.
    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.order, b.order));
    private long order;
    private volatile boolean closed;

    ManualEventLoop(MutableClock clock, Logger log) {
        super(log);
        this.clock = clock;
        this.time = TimeSource.of(clock, clock::nanoTime);
    }

    @Override
    TimeSource time() {
        return time;
    }

    @Override
    <T> T call(Action<T> action) throws AgentException {
        if (closed) {
            throw new IllegalStateException("the agent is stopped");
        }
        if (running.isHeldByCurrentThread()) {
            return action.run();
        }
        running.lock();
        try {
            runDue();
            return action.run();
        } finally {
            running.unlock();
        }
    }

    @Override
    void execute(Runnable task) {
        add(0, task);
    }

    @Override
    Timer schedule(Runnable task, long delayMs) {
        return add(delayMs, task);
    }

    @Override
    void every(Runnable task, long periodMs) {
        add(periodMs, new Runnable() {
            @Override
            public void run() {
                guarded(task);
                add(periodMs, this);
            }
        });
    }

    /** Moves the clock on by {@code duration}, running every task that falls due on the way, in time order. */
    void advance(Duration duration) {
        long target = clock.nanoTime() + duration.toNanos();
        running.lock();
        try {
            runDue();
            for (Task next = earliest(); next != null && next.dueNanos <= target; next = earliest()) {
                clock.advance(Duration.ofNanos(next.dueNanos - clock.nanoTime()));
                runDue();
            }
            clock.advance(Duration.ofNanos(target - clock.nanoTime()));
            runDue();
        } finally {
            running.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.clear();
        }
    }

    private Task add(long delayMs, Runnable body) {
        synchronized (queue) {
            Task task = new Task(clock.nanoTime() + Duration.ofMillis(delayMs).toNanos(), order++, body);
            if (!closed) {
                queue.add(task);
            }
            return task;
        }
    }

    private Task earliest() {
        synchronized (queue) {
            return queue.peek();
        }
    }

    /** Runs the tasks due by now, including those they hand over for now. */
    private void runDue() {
        while (true) {
            Task task;
            synchronized (queue) {
                task = queue.peek();
                if (task == null || task.dueNanos > clock.nanoTime()) {
                    return;
                }
                queue.poll();
            }
            if (!task.cancelled) {
                guarded(task.body);
            }
        }
    }
}
