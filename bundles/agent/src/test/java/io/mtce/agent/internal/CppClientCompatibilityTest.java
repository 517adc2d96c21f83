package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AgentException;
import io.mtce.agent.HostSpec;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Command;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.PxebootInfo;
import io.mtce.testing.FakeTransport;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * What a Java agent needs to work over C++ mtcClients (mtce-spec.md sections 1.3, 1.7, 5.3): the pxebootInfo the C++
 * client learns its pxeboot targets from, the ready event that tells which clients send pxeboot mtcAlive, pxeboot
 * addresses learned from mtcAlive, MACs in the case the client compares, and a change completed by what the host
 * reports when its ack is lost.
 */
class CppClientCompatibilityTest {
    @TempDir
    Path dir;

    private AgentHarness agent(long pxebootMonitorMs) {
        AgentSettings base = AgentHarness.settings(dir, false, 250, 5000, 600_000, pxebootMonitorMs, 2, 1);
        return new AgentHarness(new AgentSettings(base.inventoryPath(), false, base.mgmtAddress(),
                base.clusterAddress(), base.pxebootAddress(), 250, 5000, 600_000, pxebootMonitorMs, 2, 1, null,
                120_000, List.of("169.254.202.3", "169.254.202.4")));
    }

    @Test
    void aReadyEventWithPxebootMtcAliveGetsARequestNamingBothControllers() throws Exception {
        try (AgentHarness agent = agent(600_000)) {
            agent.core.addHost(WORKER);
            agent.drain();
            agent.readyEvent(WORKER, true);
            agent.sync();

            FakeTransport.Sent sent = agent.next();
            assertEquals(Network.PXEBOOT, sent.network());
            MtcMessage request = agent.decode(sent);
            assertEquals(Command.REQ_MTCALIVE, request.cmd());
            assertEquals(new PxebootInfo("169.254.202.2", "169.254.202.3", "169.254.202.4"),
                    agent.codec.readPxebootInfo(request));
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 mtcClient ready ; with pxeboot mtcAlive support"));
        }
    }

    @Test
    void aClientThatNeverOfferedPxebootMtcAliveRaisesNoPxebootAlarm() throws Exception {
        try (AgentHarness agent = agent(20)) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
            agent.readyEvent(WORKER, false); // an older C++ client: no features
            for (int seq = 1; seq <= 20; seq++) {
                agent.mtcAlive(WORKER, Network.MANAGEMENT, seq, false);
                agent.advance(20);
            }
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm());
            assertEquals(0, agent.log.count(Level.WARN, "pxeboot network communication failure"));
        }
    }

    @Test
    void aPxebootAddressIsLearnedFromAnMtcAliveThatNamesTheHostConsistently() throws Exception {
        HostSpec noPxeboot = new HostSpec("worker-1", WORKER.mgmtMac(), "worker", Map.of(
                Network.MANAGEMENT, "192.168.204.11", Network.CLUSTER_HOST, "192.168.206.11"));
        try (AgentHarness agent = agent(600_000)) {
            agent.core.addHost(noPxeboot);
            InetAddress learned = AgentHarness.ip("169.254.202.77");
            agent.deliver(Network.PXEBOOT, learned, alive(agent, "169.254.202.77", WORKER.mgmtMac(), 1));
            agent.sync();

            assertEquals(1, agent.log.count(Level.INFO,
                    "worker-1 hostname learned from Pxeboot mtcAlive ; hostaddr:169.254.202.77 was:"));
            assertTrue(agent.core.host("worker-1").orElseThrow().networks().containsKey(Network.PXEBOOT));
            assertTrue(agent.drain().stream().anyMatch(s -> s.network() == Network.PXEBOOT
                    && s.peer().equals(learned)), "the correction of the locked host goes to the learned address");

            agent.unlockAndAck(noPxeboot);
            agent.core.lock(noPxeboot.name());
            agent.ack(agent.drain().stream().filter(s -> s.network() == Network.PXEBOOT).findFirst().orElseThrow());
            agent.sync();
            assertEquals(PendingAction.NONE, agent.core.host("worker-1").orElseThrow().pending(),
                    "an ack from the learned address is the host's");
        }
    }

    @Test
    void anInconsistentPxebootMtcAliveTeachesNothing() throws Exception {
        try (AgentHarness agent = agent(600_000)) {
            agent.core.addHost(WORKER);
            InetAddress stranger = AgentHarness.ip("169.254.202.99");
            // claims worker-1 but names another pxeboot address than its source, or carries another MAC
            agent.deliver(Network.PXEBOOT, stranger, alive(agent, "169.254.202.11", WORKER.mgmtMac(), 1));
            agent.deliver(Network.PXEBOOT, stranger, alive(agent, "169.254.202.99", "02:00:00:00:00:99", 2));
            agent.sync();

            assertEquals(0, agent.log.count(Level.INFO, "hostname learned"));
            assertEquals(2, agent.core.rejections().get(io.mtce.protocol.auth.Rejection.SOURCE));
            assertEquals(null, agent.core.host("worker-1").orElseThrow().networks().get(Network.PXEBOOT).lastSeen());
        }
    }

    @Test
    void aMacIsKeptInTheLowerCaseTheCppClientCompares() throws AgentException {
        HostSpec upper = new HostSpec("worker-9", "02:AB:CD:EF:00:09", "worker", Map.of(Network.MANAGEMENT,
                "192.168.204.19"));
        assertEquals("02:ab:cd:ef:00:09", upper.mgmtMac());
    }

    @Test
    void anMtcAliveShowingTheCommandedStateCompletesALockWhoseAckWasLost() throws Exception {
        try (AgentHarness agent = agent(600_000)) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
            agent.core.lock(WORKER.name()); // acks lost one way
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, true);
            agent.sync();

            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending());
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 mtcAlive reports locked (Mgmnt) ; lock complete"));
            agent.core.unlock(WORKER.name()); // not refused with "in progress"
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 2, false);
            agent.sync();
            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending());
        }
    }

    /** A change completed by mtcAlive still ends the mismatch episode, so the next one is logged again. */
    @Test
    void aLockCompletedByMtcAliveEndsTheMismatchEpisode() throws Exception {
        String correcting = "worker-1 mtcAlive reporting unlocked while locked ; correcting";
        try (AgentHarness agent = agent(600_000)) {
            agent.core.addHost(WORKER); // locked
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
            agent.sync();
            assertEquals(1, agent.log.count(Level.WARN, correcting));
            agent.core.lock(WORKER.name()); // again, while the episode is open
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 2, true); // completes the lock
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 3, false); // a new episode: files lost again
            agent.sync();
            assertEquals(2, agent.log.count(Level.WARN, correcting));
        }
    }

    @Test
    void anUnlockIsNeverSentOnPxeboot() throws Exception {
        try (AgentHarness agent = agent(600_000)) {
            agent.core.addHost(WORKER);
            agent.drain();
            agent.core.unlock(WORKER.name());
            agent.mtcAlive(WORKER, Network.PXEBOOT, 1, true); // heard only on pxeboot: resent, not on pxeboot
            agent.advance(800);
            List<FakeTransport.Sent> sent = agent.drain();
            assertTrue(sent.stream().anyMatch(s -> s.network() == Network.MANAGEMENT), "sent and retried");
            assertFalse(sent.stream().anyMatch(s -> s.network() == Network.PXEBOOT), "never on pxeboot");
        }
    }

    private static byte[] alive(AgentHarness agent, String pxebootIp, String mac, int seq) {
        MtcAlive alive = new MtcAlive("worker-1", "worker", pxebootIp, "192.168.204.11", "192.168.206.11", mac,
                Network.PXEBOOT, 100, MtcAliveFlags.HEALTH_HEALTHY, MtcAliveFlags.I_AM_CONFIGURED, seq);
        return agent.codec.encode(agent.codec.mtcAlive(alive));
    }
}
