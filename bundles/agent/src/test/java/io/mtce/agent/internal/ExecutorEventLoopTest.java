package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AgentException;
import io.mtce.testing.RecordingLogger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The production loop: its own thread, timers on System.nanoTime. Waits are for that thread, with a bound. */
class ExecutorEventLoopTest {
    private final RecordingLogger log = new RecordingLogger();
    private final Instant wallTime = Instant.parse("2026-07-01T12:00:00Z");
    private final ExecutorEventLoop loop = new ExecutorEventLoop("test-loop", Clock.fixed(wallTime, ZoneOffset.UTC),
            log);

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void callRunsOnTheLoopThreadAndPassesItsAgentExceptionOn() throws Exception {
        assertEquals("test-loop", loop.query(() -> Thread.currentThread().getName()));
        assertEquals("inline", loop.query(() -> loop.query(() -> "inline")), "a call from the loop runs inline");
        AgentException refused = new AgentException(AgentException.Reason.UNKNOWN_HOST, "nobody");
        assertSame(refused, assertThrows(AgentException.class, () -> loop.call(() -> {
            throw refused;
        })));
    }

    @Test
    void aFailingTaskIsLoggedAndTheLoopGoesOn() {
        loop.execute(() -> {
            throw new IllegalStateException("boom");
        });
        assertEquals("next", loop.query(() -> "next")); // FIFO: the failed task ran first
        assertEquals(1, log.count(Level.ERROR, "agent event loop task failed"));
    }

    @Test
    void timersRunAfterTheirDelayAndTimeIsSystemNanoTimeWithTheWallClockGiven() throws Exception {
        CountDownLatch fired = new CountDownLatch(2);
        long start = loop.time().nanoTime();
        assertTrue(Math.abs(System.nanoTime() - start) < TimeUnit.SECONDS.toNanos(1), "System.nanoTime");
        loop.schedule(fired::countDown, 20);
        loop.every(fired::countDown, 20);
        assertTrue(fired.await(5, TimeUnit.SECONDS), "both timers fired");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20));
        assertEquals(wallTime.toEpochMilli(), loop.time().epochMillis(), "the wall side is the clock given");
    }

    @Test
    void aClosedLoopRefusesCalls() {
        loop.close();
        loop.execute(() -> {
            throw new AssertionError("dropped");
        });
        assertThrows(IllegalStateException.class, () -> loop.query(() -> "hosts"));
    }
}
