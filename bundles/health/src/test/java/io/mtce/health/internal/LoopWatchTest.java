package io.mtce.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopWatchTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Runnable> queued = new ArrayList<>();
    private final LoopWatch watch = new LoopWatch("agent", queued::add, now::get, 10_000);

    @Test
    void aLoopThatRunsItsPingIsLiveAndOneThatDoesNotIsStuckAfterTheStallTime() {
        watch.ping();
        queued.remove(0).run();
        assertTrue(watch.check().ok());

        watch.ping();
        now.addAndGet(9_999_000_000L);
        assertTrue(watch.check().ok(), "not stuck before the stall time");
        now.addAndGet(2_000_000L);
        assertFalse(watch.check().ok());
        assertEquals("stuck: a no-op task has waited 10 s for the loop", watch.check().detail());
    }

    @Test
    void aWedgedLoopGetsOnePingNotABacklog() {
        for (int i = 0; i < 5; i++) {
            watch.ping();
        }
        assertEquals(1, queued.size());
        queued.remove(0).run();
        watch.ping();
        assertEquals(1, queued.size());
    }
}
