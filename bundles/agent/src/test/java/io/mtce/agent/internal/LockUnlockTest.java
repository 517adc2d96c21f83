package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.HostStatus;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.WireFormat;
import io.mtce.testing.FakeTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class LockUnlockTest {
    @TempDir
    Path dir;

    private static Set<Network> networks(List<FakeTransport.Sent> sent) {
        return sent.stream().map(FakeTransport.Sent::network).collect(Collectors.toSet());
    }

    @Test
    void lockSendsPersistentLockedOnEveryNetworkAtOnce() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.unlock(WORKER.name());
            for (FakeTransport.Sent s : agent.drain()) {
                agent.ack(s);
            }
            agent.sync();
            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending(), "unlock acked");

            HostStatus status = agent.core.lock(WORKER.name());
            assertEquals(AdminState.LOCKED, status.adminState());
            assertEquals(PendingAction.LOCK, status.pending());

            List<FakeTransport.Sent> sent = List.of(agent.next(), agent.next(), agent.next());
            assertEquals(Set.of(Network.MANAGEMENT, Network.CLUSTER_HOST, Network.PXEBOOT), networks(sent),
                    "pxeboot from the first send: no waiting for the retry");
            for (FakeTransport.Sent s : sent) {
                assertEquals(AgentHarness.ip(WORKER.address(s.network())), s.peer());
                assertEquals(FakeTransport.CLIENT_PORT, s.port());
                MtcMessage m = agent.decode(s);
                assertEquals(Header.CMD_REQ, m.header());
                assertEquals(WORKER.mgmtMac(), m.mac());
                assertEquals(WireFormat.CMD_VERSION, m.ver());
                assertEquals(Command.LOCKED, m.cmd());
                assertArrayEquals(new int[] {1}, m.parms());
                assertTrue(m.payload().contains("\"interface\":\"" + s.network().wireName() + "\""), m.payload());
            }
            assertTrue(agent.log.count(Level.INFO, "worker-1 sending 'Locked' notification (Mgmnt)") == 1);
            assertTrue(agent.log.count(Level.INFO, "worker-1 sending 'Locked' notification (Clstr)") == 1);
            assertTrue(agent.log.count(Level.INFO, "worker-1 sending 'Locked' notification (Pxeboot)") == 1);
            assertTrue(agent.log.count(Level.INFO, "administratively locked") == 1);
        }
    }

    @Test
    void theAcksOfTheOtherNetworksAreCountedNotLogged() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
            long before = agent.core.duplicateAcks();
            agent.core.lock(WORKER.name());
            List<FakeTransport.Sent> sent = List.of(agent.next(), agent.next(), agent.next());
            for (FakeTransport.Sent s : sent) {
                agent.ack(s);
            }
            agent.sync();

            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending());
            assertEquals(before + 2, agent.core.duplicateAcks(), "the first ack completes, the other two are copies");
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 locked msg ACK"), "the completing ack, once");
            assertEquals(0, agent.log.count(Level.DEBUG, "ACK"), "no line per copy");
        }
    }

    @Test
    void simplexLockCarriesNoPersistFlag() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, true, 250, 5000, 600_000, 600_000,
                6, 2))) {
            agent.core.addHost(WORKER);
            agent.core.lock(WORKER.name());

            MtcMessage m = agent.decode(agent.next());
            assertEquals(Command.LOCKED, m.cmd());
            assertEquals(0, m.num());
        }
    }

    @Test
    void ackClearsThePendingLockAndRecordsTheNetwork() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.lock(WORKER.name());
            FakeTransport.Sent first = agent.next();
            agent.ack(first);
            agent.sync();

            HostStatus status = agent.core.host(WORKER.name()).orElseThrow();
            assertEquals(PendingAction.NONE, status.pending());
            assertNotNull(status.networks().get(first.network()).lastAck());
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 locked msg ACK (" + first.network().wireName()
                    + ")"));
            agent.drain();
            agent.advance(600);
            assertTrue(agent.drain().isEmpty(), "no retry after the ack");
        }
    }

    @Test
    void unansweredLockIsRetriedOnPxebootWithinOneSecond() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.lock(WORKER.name());

            agent.advance(1000);
            FakeTransport.Sent sent = agent.drain().stream().filter(s -> s.network() == Network.PXEBOOT)
                    .findFirst().orElseThrow(() -> new AssertionError("no LOCKED on pxeboot within one second"));
            assertEquals(AgentHarness.ip(WORKER.address(Network.PXEBOOT)), sent.peer());
            MtcMessage m = agent.decode(sent);
            assertEquals(Command.LOCKED, m.cmd());
            assertArrayEquals(new int[] {1}, m.parms());

            agent.ack(sent); // the host got it over pxeboot: that ends the retries
            agent.sync();
            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending());
        }
    }

    @Test
    void retriesBackOff() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, false, 20, 80, 600_000, 600_000,
                6, 2))) {
            agent.core.addHost(STORAGE); // management only: one datagram per attempt
            agent.core.lock(STORAGE.name());

            List<Long> sentAt = new ArrayList<>();
            for (long ms = 0; ms <= 400; ms++) {
                if (!agent.drain().isEmpty()) {
                    sentAt.add(ms);
                }
                agent.advance(1);
            }
            assertEquals(List.of(0L, 20L, 60L, 140L, 220L, 300L, 380L), sentAt, "doubling from 20 ms up to 80 ms");
        }
    }

    @Test
    void unlockSendsUnlockedOnManagementAndClusterHostOnly() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, false, 20, 40, 600_000, 600_000,
                6, 2))) {
            agent.core.addHost(WORKER);
            HostStatus status = agent.core.unlock(WORKER.name());
            assertEquals(AdminState.UNLOCKED, status.adminState());
            assertEquals(PendingAction.UNLOCK, status.pending());

            agent.advance(300);
            List<FakeTransport.Sent> sent = agent.drain(); // the first send and several retries
            assertTrue(sent.size() >= 4, "sent " + sent.size());
            assertEquals(Set.of(Network.MANAGEMENT, Network.CLUSTER_HOST), networks(sent));
            for (FakeTransport.Sent s : sent) {
                MtcMessage m = agent.decode(s);
                assertEquals(Command.UNLOCKED, m.cmd());
                assertEquals(0, m.num());
            }
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 sending 'UnLocked' notification (Mgmnt)"));

            agent.ack(sent.get(0));
            agent.sync();
            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending());
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 unlocked msg ACK ("));
        }
    }

    @Test
    void lockAndUnlockRefuseWhileTheOtherIsUnacknowledged() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.addHost(WORKER);
            agent.core.unlock(WORKER.name());
            AgentException e = assertThrows(AgentException.class, () -> agent.core.lock(WORKER.name()));
            assertEquals(AgentException.Reason.IN_PROGRESS, e.reason());

            agent.ack(agent.next());
            agent.sync();
            agent.core.lock(WORKER.name());
            e = assertThrows(AgentException.class, () -> agent.core.unlock(WORKER.name()));
            assertEquals(AgentException.Reason.IN_PROGRESS, e.reason());
            assertEquals(AdminState.LOCKED, agent.core.host(WORKER.name()).orElseThrow().adminState());
        }
    }

    @Test
    void unknownHost() {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            assertEquals(AgentException.Reason.UNKNOWN_HOST,
                    assertThrows(AgentException.class, () -> agent.core.lock("nobody")).reason());
            assertEquals(AgentException.Reason.UNKNOWN_HOST,
                    assertThrows(AgentException.class, () -> agent.core.unlock("nobody")).reason());
        }
    }

    @Test
    void missingOrDownTransportIsSkipped() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.core.transportRemoved(agent.transports.get(Network.CLUSTER_HOST));
            agent.transports.get(Network.MANAGEMENT).up(false);
            agent.transports.get(Network.PXEBOOT).up(false);
            agent.core.addHost(WORKER);

            assertEquals(PendingAction.LOCK, agent.core.lock(WORKER.name()).pending());
            assertTrue(agent.drain().isEmpty());

            agent.transports.get(Network.MANAGEMENT).up(true);
            agent.advance(1000);
            List<FakeTransport.Sent> retried = agent.drain();
            assertTrue(retried.stream().anyMatch(s -> s.network() == Network.MANAGEMENT), "retried once up");
            assertNull(retried.stream().filter(s -> s.network() == Network.CLUSTER_HOST).findAny().orElse(null));
        }
    }

    @Test
    void failingSendIsLoggedAndDoesNotStopTheOtherNetworks() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            agent.transports.get(Network.MANAGEMENT).failing(true);
            agent.core.addHost(WORKER);
            agent.core.lock(WORKER.name());

            assertEquals(Set.of(Network.PXEBOOT, Network.CLUSTER_HOST),
                    networks(List.of(agent.next(), agent.next())));
            assertEquals(1, agent.log.count(Level.WARN, "worker-1 'Locked' notification to 192.168.204.11 on Mgmnt"
                    + " network failed: network unreachable"));
            assertFalse(agent.core.host(WORKER.name()).isEmpty());
        }
    }

    @Test
    void stoppedAgentRefusesCalls() {
        AgentHarness agent = new AgentHarness(AgentHarness.settings(dir));
        agent.close();

        assertThrows(IllegalStateException.class, () -> agent.core.hosts());
        assertThrows(IllegalStateException.class, () -> agent.core.addHost(WORKER));
    }

    @Test
    void anUnansweredChangeIsGivenUpSoItCannotBlockTheOppositeOneForever() throws Exception {
        AgentSettings base = AgentHarness.settings(dir, false, 20, 40, 600_000, 600_000, 6, 2);
        AgentSettings giveUpFast = new AgentSettings(base.inventoryPath(), base.simplex(), base.mgmtAddress(),
                base.clusterAddress(), base.pxebootAddress(), base.retryInitialMs(), base.retryMaxMs(),
                base.onlineAuditMs(), base.pxebootMonitorMs(), base.pxebootMissThreshold(),
                base.pxebootLossThreshold(), null, 300);
        try (AgentHarness agent = new AgentHarness(giveUpFast)) {
            agent.core.addHost(WORKER);
            agent.core.unlock(WORKER.name()); // the host is down: no ack ever comes
            assertThrows(AgentException.class, () -> agent.core.lock(WORKER.name()), "still in progress");
            agent.advance(280);
            assertEquals(PendingAction.UNLOCK, agent.core.host(WORKER.name()).orElseThrow().pending());
            agent.advance(120);
            assertEquals(PendingAction.NONE, agent.core.host(WORKER.name()).orElseThrow().pending(), "given up");
            assertEquals(1, agent.log.count(Level.WARN, "has not acknowledged unlock"));
            assertEquals(AdminState.LOCKED, agent.core.lock(WORKER.name()).adminState(), "lock accepted again");
        }
    }
}
