package io.mtce.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.testing.NotifyReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The notification protocol against a real AF_UNIX datagram socket bound by the test. */
class ServiceManagerNotifierTest {
    private static final long PID = ProcessHandle.current().pid();
    private static final Health NOT_READY = new Health(false, true, "not ready: agent FAILED: bad inventory",
            List.of(new Check(Check.Kind.COMPONENT, "io.mtce.agent", false, "bad inventory")));
    private static final Health READY = new Health(true, true, "ready: agent active, 3 hosts; loops ok", List.of());
    private static final Health STUCK = new Health(true, false, "ready: loop agent stuck", List.of(
            new Check(Check.Kind.LOOP, "agent", false, "stuck: a no-op task has waited 10 s for the loop")));

    @TempDir
    Path dir;

    private final AtomicReference<Health> health = new AtomicReference<>(NOT_READY);

    @Test
    void readyOnceReadyStatusOnEveryChangeAndStoppingOnce() throws Exception {
        try (NotifyReceiver receiver = NotifyReceiver.atPath(dir.resolve("notify"))) {
            ServiceManagerNotifier notifier = notifier(receiver, Map.of());
            try {
                assertEquals("STATUS=" + NOT_READY.status(), next(receiver));
                health.set(READY);
                assertEquals("READY=1\nSTATUS=" + READY.status(), next(receiver));
                health.set(NOT_READY);
                assertEquals("STATUS=" + NOT_READY.status(), next(receiver), "READY=1 is sent once only");
            } finally {
                notifier.deactivate();
            }
            assertEquals("STOPPING=1\nSTATUS=stopping", next(receiver));
            notifier.stopping();
            assertEquals(Optional.empty(), receiver.receive(300), "STOPPING=1 is sent once only");
        }
    }

    @Test
    void readyFollowsTheHealthWithinAStartingTickNotTheRegularPeriod() throws Exception {
        try (NotifyReceiver receiver = NotifyReceiver.atPath(dir.resolve("notify"))) {
            ServiceManagerNotifier notifier = notifier(receiver, Map.of()); // no watchdog: a 1 s period once ready
            try {
                assertEquals("STATUS=" + NOT_READY.status(), next(receiver));
                health.set(READY);
                // Half the regular period: a notifier that looked once a second from the start would miss it.
                assertEquals(Optional.of("READY=1\nSTATUS=" + READY.status()), receiver.receive(500));
                health.set(NOT_READY);
                assertEquals(Optional.empty(), receiver.receive(500), "after READY=1 the regular period again");
            } finally {
                notifier.deactivate();
            }
        }
    }

    @Test
    void aContainerNotReadyForAMinuteIsLookedAtAtTheRegularPeriodAgain() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger looks = new AtomicInteger();
        try (NotifyReceiver receiver = NotifyReceiver.atPath(dir.resolve("notify"))) {
            ServiceManagerNotifier notifier = new ServiceManagerNotifier(() -> {
                Health now = health.get();
                looks.incrementAndGet(); // after the read: a look counted has seen the health set before it
                return now;
            }, Map.of("NOTIFY_SOCKET", receiver.env()), PID, clock::get, LoggerFactory.getLogger("test"));
            try {
                assertEquals("STATUS=" + NOT_READY.status(), next(receiver));
                clock.set(TimeUnit.MILLISECONDS.toNanos(ServiceManagerNotifier.STARTING_MILLIS + 1));
                int seen = looks.get();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (looks.get() <= seen && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // the next look, which schedules the one after at the regular period
                }
                assertTrue(looks.get() > seen, "the notifier looked again");
                health.set(READY);
                assertEquals(Optional.empty(), receiver.receive(500), "a minute on, the regular period again");
                assertEquals(Optional.of("READY=1\nSTATUS=" + READY.status()), receiver.receive(1_500));
            } finally {
                notifier.deactivate();
            }
        }
    }

    @Test
    void keepAlivesOnlyWhileEveryLoopIsLiveOnAnAbstractSocket() throws Exception {
        try (NotifyReceiver receiver = NotifyReceiver.abstractName("mtce-test-" + UUID.randomUUID())) {
            health.set(READY);
            ServiceManagerNotifier notifier = notifier(receiver, Map.of("WATCHDOG_USEC", "200000",
                    "WATCHDOG_PID", Long.toString(PID)));
            try {
                assertEquals("READY=1\nSTATUS=" + READY.status() + "\nWATCHDOG=1", next(receiver));
                assertEquals("WATCHDOG=1", next(receiver), "every WATCHDOG_USEC/2");
                health.set(STUCK);
                List<String> afterStuck = drain(receiver, 1_000);
                assertTrue(afterStuck.size() <= 2, "at most one keep-alive in flight, then the STATUS: " + afterStuck);
                assertTrue(afterStuck.contains("STATUS=" + STUCK.status()), afterStuck.toString());
                assertFalse(afterStuck.get(afterStuck.size() - 1).contains("WATCHDOG=1"),
                        "no keep-alive once a loop is stuck: " + afterStuck);
                health.set(READY);
                assertEquals("STATUS=" + READY.status() + "\nWATCHDOG=1", next(receiver), "resumed once live");
            } finally {
                notifier.deactivate();
            }
        }
    }

    @Test
    void noKeepAlivesWhenTheWatchdogIsForAnotherProcessOrAbsent() {
        assertEquals(0, ServiceManagerNotifier.keepAliveNanos(Map.of("WATCHDOG_USEC", "30000000",
                "WATCHDOG_PID", "1"), PID));
        assertEquals(0, ServiceManagerNotifier.keepAliveNanos(Map.of(), PID));
        assertEquals(15_000_000_000L, ServiceManagerNotifier.keepAliveNanos(Map.of("WATCHDOG_USEC", "30000000"), PID));
    }

    @Test
    void withoutNotifySocketNothingIsOpenedAndABadOneIsNamed() throws Exception {
        ServiceManagerNotifier quiet = new ServiceManagerNotifier(health::get, Map.of(), PID, System::nanoTime,
                LoggerFactory.getLogger("test"));
        quiet.deactivate();
        IOException e = assertThrows(IOException.class, () -> NotifySocket.sockaddr("run/notify", new byte[110]));
        assertTrue(e.getMessage().contains("NOTIFY_SOCKET=run/notify"), e.getMessage());
        String tooLong = "/" + "x".repeat(107);
        assertThrows(IOException.class, () -> NotifySocket.sockaddr(tooLong, new byte[110]));
        assertFalse(Files.exists(Path.of(tooLong)));
    }

    private ServiceManagerNotifier notifier(NotifyReceiver receiver, Map<String, String> watchdog) {
        Map<String, String> env = new java.util.HashMap<>(watchdog);
        env.put("NOTIFY_SOCKET", receiver.env());
        return new ServiceManagerNotifier(health::get, env, PID, System::nanoTime, LoggerFactory.getLogger("test"));
    }

    private static String next(NotifyReceiver receiver) throws IOException {
        return receiver.receive(5_000).orElseThrow(() -> new AssertionError("no datagram within 5 s"));
    }

    /** Every datagram until none comes for {@code quietMillis}. */
    private static List<String> drain(NotifyReceiver receiver, long quietMillis) throws IOException {
        List<String> out = new ArrayList<>();
        for (Optional<String> d = receiver.receive(quietMillis); d.isPresent(); d = receiver.receive(quietMillis)) {
            out.add(d.get());
        }
        return out;
    }
}
