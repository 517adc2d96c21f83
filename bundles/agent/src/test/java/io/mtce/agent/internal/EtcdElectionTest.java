package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AgentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The election of the active agent in a real etcd: one active at a time, hand-over, and loss of etcd. */
class EtcdElectionTest {
    private static final long TTL_S = 2;
    private static final Duration MARGIN = Duration.ofMillis(500);
    @TempDir
    Path dir;
    private EtcdServer etcd;

    @BeforeEach
    void startEtcd() throws Exception {
        etcd = EtcdServer.start(dir);
    }

    @AfterEach
    void stopEtcd() throws Exception {
        etcd.close();
    }

    private EtcdElection election(String name, EtcdClient client) {
        EtcdElection e = new EtcdElection(client, "/mtce/", name, TTL_S, MARGIN,
                LoggerFactory.getLogger("io.mtce.agent.election"));
        e.start(active -> {
        });
        return e;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(2);
        }
    }

    @Test
    void exactlyOneIsActiveAndASwactHandsOver() throws Exception {
        try (EtcdElection c0 = election("controller-0", etcd.client())) {
            await("controller-0 active", c0::mayCommand);
            try (EtcdElection c1 = election("controller-1", etcd.client())) {
                await("controller-1 sees controller-0", () -> c1.holder().equals("controller-0"));
                assertFalse(c1.mayCommand());
                AgentException e = assertThrows(AgentException.class, c1::handOver);
                assertTrue(e.getMessage().contains("standby") && e.getMessage().contains("controller-0"),
                        e.getMessage());

                c0.handOver();
                assertFalse(c0.mayCommand(), "the old active stops at once");
                await("controller-1 active", c1::mayCommand);
                assertFalse(c0.mayCommand());
                await("controller-0 sees controller-1", () -> c0.holder().equals("controller-1"));

                c1.handOver();
                await("controller-0 active again", c0::mayCommand);
                assertFalse(c1.mayCommand());
            }
        }
    }

    /**
     * The active agent cut off from etcd stops commanding before the standby can take over: the gap between the
     * two is what the margin buys (printed, for BENCH), and must not be negative.
     */
    @Test
    void anAgentCutOffFromEtcdStopsBeforeTheOtherTakesOver() throws Exception {
        try (TcpProxy proxy = new TcpProxy(etcd.endpoint);
                EtcdElection c0 = election("controller-0",
                        new EtcdClient(List.of(proxy.endpoint()), Duration.ofMillis(500)))) {
            await("controller-0 active", c0::mayCommand);
            try (EtcdElection c1 = election("controller-1", etcd.client())) {
                await("controller-1 standby", () -> c1.holder().equals("controller-0"));
                long cut = System.nanoTime();
                proxy.cut();
                long stopped = 0;
                long took = 0;
                while (took == 0) {
                    boolean a = c0.mayCommand();
                    boolean b = c1.mayCommand();
                    assertFalse(a && b, "both controllers active at once");
                    long now = System.nanoTime();
                    if (!a && stopped == 0) {
                        stopped = now;
                    }
                    if (b) {
                        took = now;
                    }
                    assertTrue(now - cut < Duration.ofSeconds(10).toNanos(), "no takeover within 10 s");
                    Thread.onSpinWait();
                }
                assertTrue(stopped != 0 && stopped < took, "controller-0 stopped before controller-1 took over");
                System.out.printf("election: cut -> old active stops %d ms ; cut -> new active %d ms ; gap %d ms%n",
                        (stopped - cut) / 1_000_000, (took - cut) / 1_000_000, (took - stopped) / 1_000_000);
                proxy.heal();
                await("controller-0 sees controller-1 after the cut heals", () -> c0.holder().equals("controller-1"));
                assertFalse(c0.mayCommand(), "exactly one active after the cut heals");
                assertTrue(c1.mayCommand());
            }
        }
    }

    /**
     * Renewals that get no answer (a black hole, three endpoints each waited for in turn) do not hold the step-down
     * (the listener, the log) past the local deadline at which the agent stopped commanding.
     */
    @Test
    void aRenewalThatGetsNoAnswerDoesNotDelayTheStepDown() throws Exception {
        try (TcpProxy p0 = new TcpProxy(etcd.endpoint); TcpProxy p1 = new TcpProxy(etcd.endpoint);
                TcpProxy p2 = new TcpProxy(etcd.endpoint)) {
            EtcdElection c0 = new EtcdElection(new EtcdClient(List.of(p0.endpoint(), p1.endpoint(), p2.endpoint()),
                    Duration.ofMillis(1000)), "/mtce/", "controller-0", TTL_S, MARGIN,
                    LoggerFactory.getLogger("io.mtce.agent.election"));
            AtomicLong announced = new AtomicLong();
            c0.start(active -> {
                if (!active) {
                    announced.compareAndSet(0, System.nanoTime());
                }
            });
            try {
                await("controller-0 active", c0::mayCommand);
                p0.silence();
                p1.silence();
                p2.silence();
                await("controller-0 stops commanding", () -> !c0.mayCommand());
                long stopped = System.nanoTime();
                await("the step-down announced", () -> announced.get() != 0);
                long lateMs = (announced.get() - stopped) / 1_000_000;
                assertTrue(lateMs < 300, "the step-down was announced " + lateMs + " ms after the deadline");
            } finally {
                p0.heal();
                p1.heal();
                p2.heal();
                c0.close();
            }
        }
    }

    /**
     * Reads answered but renewals not (as while etcd changes leader): the agent steps down at its deadline and does
     * not take activity back while its key is still in etcd, since its last renewal is too old to command on.
     */
    @Test
    void anAgentWhoseRenewalsFailStaysDownWhileItsKeyLives() throws Exception {
        try (TcpProxy proxy = new TcpProxy(etcd.endpoint)) {
            EtcdElection c0 = new EtcdElection(new EtcdClient(List.of(proxy.endpoint()), Duration.ofMillis(1000)),
                    "/mtce/", "controller-0", TTL_S, MARGIN, LoggerFactory.getLogger("io.mtce.agent.election"));
            List<Boolean> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
            c0.start(changes::add);
            try {
                await("controller-0 active", c0::mayCommand);
                proxy.dropRequestsTo("/v3/lease/keepalive");
                await("controller-0 steps down", () -> changes.size() >= 2);
                // Its key lives at least the margin longer (etcd expires the lease TTL after it received the last
                // renewal): no activity meanwhile. (It comes back later on a new lease: anAgentWhoseLeaseExpired...)
                Thread.sleep(MARGIN.toMillis() - 100);
                assertEquals(List.of(true, false), changes, "activity changes while renewals fail");
            } finally {
                proxy.heal();
                c0.close();
            }
        }
    }

    /**
     * An agent whose lease expired while its renewals got no answer (and the key went with the lease) gets a new
     * lease and becomes active again: it does not campaign with the dead one for ever.
     */
    @Test
    void anAgentWhoseLeaseExpiredGetsANewOne() throws Exception {
        try (TcpProxy proxy = new TcpProxy(etcd.endpoint);
                EtcdElection c0 = election("controller-0",
                        new EtcdClient(List.of(proxy.endpoint()), Duration.ofMillis(1000)))) {
            await("controller-0 active", c0::mayCommand);
            proxy.dropRequestsTo("/v3/lease/keepalive");
            await("controller-0 steps down", () -> !c0.mayCommand());
            await("controller-0 active again on a new lease", c0::mayCommand);
        }
    }

    @Test
    void theStandbyTakesOverWhenTheActiveStops() throws Exception {
        EtcdElection c0 = election("controller-0", etcd.client());
        await("controller-0 active", c0::mayCommand);
        try (EtcdElection c1 = election("controller-1", etcd.client())) {
            await("controller-1 standby", () -> c1.holder().equals("controller-0"));
            long stop = System.nanoTime();
            c0.close(); // a clean stop revokes the lease: no TTL to wait out
            await("controller-1 active", c1::mayCommand);
            assertTrue(System.nanoTime() - stop < Duration.ofSeconds(1).toNanos(), "takeover after a clean stop");
            assertEquals("controller-1", c1.holder());
        }
    }
}
