package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.ControllerStatus;
import io.mtce.protocol.Command;
import io.mtce.protocol.Network;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two agents on one etcd: the standby commands nothing, tracks mtcAlive, and corrects at once when it takes over. */
class ControllerPairTest {
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

    private AgentHarness controller(String name) {
        EtcdElection election = new EtcdElection(etcd.client(), "/mtce/", name, 2, Duration.ofMillis(500),
                new RecordingLogger());
        return new AgentHarness(AgentHarness.settings(dir.resolve(name)),
                log -> new EtcdInventoryStore(etcd.client(), "/mtce/", null, log), election);
    }

    private static void await(AgentHarness agent, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            agent.sync();
            if (condition.getAsBoolean()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(5);
        }
    }

    private static List<Integer> commands(AgentHarness agent) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (FakeTransport.Sent sent : agent.drain()) {
            out.add(agent.decode(sent).cmd());
        }
        return out;
    }

    @Test
    void theStandbyCommandsNothingAndCorrectsAMismatchWhenItTakesOver() throws Exception {
        AgentHarness c0 = controller("controller-0");
        // controller-1 starts once controller-0 is active: started together, either may win the election
        await(c0, "controller-0 active", () -> c0.core.controllerStatus().active());
        try (AgentHarness c1 = controller("controller-1")) {
            c0.core.addHost(WORKER);
            c0.unlockAndAck(WORKER);
            await(c1, "controller-1 knows worker-1 unlocked", () -> c1.core.host(WORKER.name())
                    .map(h -> h.adminState() == AdminState.UNLOCKED).orElse(false));
            await(c1, "controller-1 sees controller-0 active", () -> c1.core.controllerStatus().activeController()
                    .equals("controller-0"));
            ControllerStatus standby = c1.core.controllerStatus();
            assertTrue(!standby.active() && standby.inventory().startsWith("etcd "), standby.toString());
            assertEquals(List.of("healthy"), List.copyOf(standby.etcdEndpoints().values()));

            // worker-1 reports locked (a mismatch): the standby records it and sends nothing; then controller-0 dies.
            c1.mtcAlive(WORKER, Network.MANAGEMENT, 1, true);
            c1.sync();
            assertTrue(c1.core.host(WORKER.name()).orElseThrow().mismatched(), "the standby tracks mtcAlive");
            assertEquals(List.of(), commands(c1), "the standby corrects nothing");
            c0.close();
            await(c1, "controller-1 active", () -> c1.core.controllerStatus().active());
            await(c1, "controller-1 corrected worker-1", () -> {
                try {
                    return commands(c1).contains(Command.UNLOCKED);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    void onlyTheActiveSendsWhenBothSeeTheSameChange() throws Exception {
        try (AgentHarness c0 = controller("controller-0")) {
            await(c0, "controller-0 active", () -> c0.core.controllerStatus().active());
            try (AgentHarness c1 = controller("controller-1")) {
                await(c1, "controller-1 standby", () -> c1.core.controllerStatus().activeController()
                        .equals("controller-0"));
                c1.core.addHost(WORKER); // an admin change on the standby: written to etcd, carried out by the active
                await(c0, "controller-0 has worker-1", () -> c0.core.host(WORKER.name()).isPresent());
                c1.core.unlock(WORKER.name());
                await(c0, "controller-0 sends UNLOCKED", () -> {
                    try {
                        return commands(c0).contains(Command.UNLOCKED);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                c1.advance(60_000); // retries fall due on the standby too: still nothing sent
                assertEquals(List.of(), commands(c1), "the standby sent nothing");
            }
        }
    }
}
