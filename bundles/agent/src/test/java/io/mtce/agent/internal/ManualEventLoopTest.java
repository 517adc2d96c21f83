package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.testing.MutableClock;
import io.mtce.testing.RecordingLogger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The loop the role tests run the agent on: nothing runs by itself, timers run in time order at their time. */
class ManualEventLoopTest {
    private static final Instant START = Instant.parse("2026-07-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingLogger log = new RecordingLogger();
    private final ManualEventLoop loop = new ManualEventLoop(clock, log);
    private final List<String> ran = new ArrayList<>();

    private void record(String what) {
        ran.add(what + "@" + Duration.between(START, clock.instant()).toMillis());
    }

    @Test
    void timersRunInTimeOrderEachWithTheClockAtItsTime() {
        loop.schedule(() -> record("c"), 30);
        loop.schedule(() -> record("a"), 10);
        loop.schedule(() -> record("b"), 20);

        loop.advance(Duration.ofMillis(25));
        assertEquals(List.of("a@10", "b@20"), ran);
        assertEquals(START.plusMillis(25), clock.instant());
        loop.advance(Duration.ofMillis(5));
        assertEquals(List.of("a@10", "b@20", "c@30"), ran);
    }

    @Test
    void periodicTasksRunAfterEachPeriodAndCancelledTimersNever() {
        loop.every(() -> record("audit"), 100);
        EventLoop.Timer retry = loop.schedule(() -> record("retry"), 150);
        retry.cancel();

        loop.advance(Duration.ofMillis(350));
        assertEquals(List.of("audit@100", "audit@200", "audit@300"), ran);
    }

    @Test
    void handedOverWorkWaitsForTheLoopAndRunsBeforeACall() throws Exception {
        Thread receiver = new Thread(() -> loop.execute(() -> record("datagram")));
        receiver.start();
        receiver.join();
        assertTrue(ran.isEmpty(), "nothing runs by itself");

        assertEquals("call", loop.call(() -> {
            record("call");
            return "call";
        }));
        assertEquals(List.of("datagram@0", "call@0"), ran);
    }

    @Test
    void aFailingTaskIsLoggedAndTheLoopGoesOn() {
        loop.execute(() -> {
            throw new IllegalStateException("boom");
        });
        loop.execute(() -> record("next"));

        loop.advance(Duration.ZERO);
        assertEquals(List.of("next@0"), ran);
        assertEquals(1, log.count(Level.ERROR, "agent event loop task failed"));
    }

    @Test
    void aClosedLoopRefusesCallsAndDropsWork() {
        loop.schedule(() -> record("retry"), 10);
        loop.close();
        loop.execute(() -> record("late"));

        loop.advance(Duration.ofMillis(20));
        assertTrue(ran.isEmpty(), ran.toString());
        assertThrows(IllegalStateException.class, () -> loop.query(() -> "hosts"));
    }
}
