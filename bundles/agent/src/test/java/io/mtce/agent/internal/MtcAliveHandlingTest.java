package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.NetworkStatus;
import io.mtce.protocol.Command;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.testing.FakeTransport;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class MtcAliveHandlingTest {
    private static final String CORRECTING = "worker-1 mtcAlive reporting unlocked while locked ; correcting";
    private static final List<Network> ALL = List.of(Network.PXEBOOT, Network.MANAGEMENT, Network.CLUSTER_HOST);

    @TempDir
    Path dir;

    /** Corrections at most once per network per 10 s, so that a burst of mtcAlives gives one send per network. */
    private AgentHarness agent(boolean simplex) {
        return new AgentHarness(AgentHarness.settings(dir, simplex, 10_000, 10_000, 600_000, 600_000, 6, 2));
    }

    private static Map<Network, Long> perNetwork(List<FakeTransport.Sent> sent) {
        return sent.stream().collect(Collectors.groupingBy(FakeTransport.Sent::network, Collectors.counting()));
    }

    @Test
    void unlockedReportFromLockedHostIsCorrectedOnAllNetworksAndLoggedOncePerEpisode() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER); // locked; the host reports unlocked, as a fresh install does
            for (int seq = 1; seq <= 5; seq++) {
                for (Network n : ALL) {
                    agent.mtcAlive(WORKER, n, seq, false);
                }
            }
            agent.sync();

            List<FakeTransport.Sent> sent = agent.drain();
            assertEquals(Map.of(Network.PXEBOOT, 1L, Network.MANAGEMENT, 1L, Network.CLUSTER_HOST, 1L),
                    perNetwork(sent), "15 mismatching mtcAlives, one LOCKED per network");
            for (FakeTransport.Sent s : sent) {
                MtcMessage m = agent.decode(s);
                assertEquals(Command.LOCKED, m.cmd());
                assertEquals(1, m.parm(0));
                assertEquals(AgentHarness.ip(WORKER.address(s.network())), s.peer());
            }
            assertEquals(1, agent.log.count(Level.WARN, CORRECTING));
            assertTrue(agent.core.host(WORKER.name()).orElseThrow().mismatched());

            agent.mtcAlive(WORKER, Network.MANAGEMENT, 6, true); // corrected: the episode ends
            agent.sync();
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().mismatched());
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 7, false); // the file was removed again: a new episode
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 8, false);
            agent.sync();
            assertEquals(2, agent.log.count(Level.WARN, CORRECTING));
        }
    }

    @Test
    void aCorrectionHeldBackByTheIntervalGoesWhenDueNotAtTheNextMtcAlive() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER);
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
            agent.sync();
            assertEquals(3, agent.drain().size(), "the first correction, on every network");
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 2, true); // corrected
            agent.advance(1000);
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 3, false); // unlocked again, within the interval
            agent.sync();
            assertTrue(agent.drain().isEmpty(), "held back: a correction went on every network 1 s ago");

            agent.advance(9100); // the interval (10 s) is over; no mtcAlive in between
            List<FakeTransport.Sent> sent = agent.drain();
            assertEquals(Map.of(Network.PXEBOOT, 1L, Network.MANAGEMENT, 1L, Network.CLUSTER_HOST, 1L),
                    perNetwork(sent), "sent once due");
            for (FakeTransport.Sent s : sent) {
                assertEquals(Command.LOCKED, agent.decode(s).cmd());
            }
        }
    }

    @Test
    void aHeldBackCorrectionIsDroppedWhenTheHostIsRightByThen() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER);
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
            agent.sync();
            agent.drain();
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 2, false); // held back
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 3, true); // the first correction arrived after all
            agent.advance(10_000);
            assertTrue(agent.drain().isEmpty(), "nothing to correct any more");
        }
    }

    @Test
    void simplexCorrectionDoesNotUsePxeboot() throws Exception {
        try (AgentHarness agent = agent(true)) {
            agent.core.addHost(WORKER);
            for (Network n : ALL) {
                agent.mtcAlive(WORKER, n, 1, false);
            }
            agent.sync();

            List<FakeTransport.Sent> sent = agent.drain();
            assertEquals(Map.of(Network.MANAGEMENT, 1L, Network.CLUSTER_HOST, 1L), perNetwork(sent));
            assertEquals(0, agent.decode(sent.get(0)).num());
        }
    }

    @Test
    void noCorrectionWhileTheLockIsPending() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER);
            agent.core.lock(WORKER.name());
            agent.drain();
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
            agent.sync();

            assertTrue(agent.drain().isEmpty());
            assertEquals(0, agent.log.count(Level.WARN, CORRECTING));
        }
    }

    @Test
    void pendingLockIsResentAsSoonAsTheHostIsHeardFromStillUnlocked() throws Exception {
        // Back-off 50 ms doubling to 10 min: after five retries the next one is 1.6 s away.
        try (AgentHarness agent = new AgentHarness(
                AgentHarness.settings(dir, false, 50, 600_000, 600_000, 600_000, 6, 2))) {
            agent.core.addHost(WORKER);
            agent.core.lock(WORKER.name());
            agent.advance(1550); // retries at 50, 150, 350, 750 and 1550 ms
            assertEquals(3 + 5 * 3, agent.drain().size(), "initial send and five retries, each on every network");
            agent.advance(150); // past retry.initial.ms since the fifth retry
            assertTrue(agent.drain().isEmpty());
            agent.mtcAlive(WORKER, Network.PXEBOOT, 1, false);
            agent.sync();
            assertTrue(agent.drain().stream().anyMatch(x -> x.network() == Network.PXEBOOT),
                    "LOCKED resent at once, not after the 1.6 s back-off");
            assertEquals(0, agent.log.count(Level.WARN, CORRECTING), "a pending lock is not a mismatch to log");
        }
    }

    @Test
    void lockedReportFromUnlockedHostIsCorrectedWithUnlocked() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
            for (int seq = 1; seq <= 3; seq++) {
                for (Network n : ALL) {
                    agent.mtcAlive(WORKER, n, seq, true);
                }
            }
            agent.sync();

            List<FakeTransport.Sent> sent = agent.drain();
            assertEquals(Map.of(Network.MANAGEMENT, 1L, Network.CLUSTER_HOST, 1L), perNetwork(sent));
            for (FakeTransport.Sent s : sent) {
                assertEquals(Command.UNLOCKED, agent.decode(s).cmd());
            }
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 mtcAlive reporting locked while unlocked ;"
                    + " correcting"));
            assertEquals(Boolean.TRUE, agent.core.host(WORKER.name()).orElseThrow().reportedLocked());
        }
    }

    @Test
    void unknownHostnameIsDropped() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 2, false);
            agent.sync();

            assertTrue(agent.core.hosts().isEmpty());
            assertTrue(agent.drain().isEmpty());
            assertEquals(1, agent.log.count(Level.WARN, "unknown hostname message from 192.168.204.11 on Mgmnt"
                    + " network ; dropping"), "rate-limited: one line per sender");
        }
    }

    @Test
    void sequenceGapsCountAsMissedExceptAcrossRestarts() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER);
            for (int seq : new int[] {5, 6, 7, 10, 11}) { // first seen at 5: an agent restart, not a gap
                agent.mtcAlive(WORKER, Network.MANAGEMENT, seq, true);
            }
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, true); // client restart
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 2, true);
            agent.mtcAlive(WORKER, Network.CLUSTER_HOST, 1, true);
            agent.sync();

            HostStatus status = agent.core.host(WORKER.name()).orElseThrow();
            NetworkStatus mgmt = status.networks().get(Network.MANAGEMENT);
            assertEquals(2, mgmt.missed());
            assertEquals(7, mgmt.received());
            assertEquals(2, mgmt.sequence());
            assertNotNull(mgmt.lastSeen());
            assertEquals(0, status.networks().get(Network.CLUSTER_HOST).missed());
            assertEquals(null, status.networks().get(Network.PXEBOOT).lastSeen());
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 missed 2 mtcAlive msgs on Mgmnt network"));
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 mtcAlive received from Mgmnt network with"
                    + " uptime:100 ; seq:5 ; state change"));
        }
    }

    @Test
    void malformedAndUnexpectedDatagramsAreDropped() throws Exception {
        try (AgentHarness agent = agent(false)) {
            agent.core.addHost(WORKER);
            agent.deliver(Network.MANAGEMENT, AgentHarness.ip("192.168.204.11"), new byte[6]);
            agent.deliver(Network.MANAGEMENT, AgentHarness.ip("192.168.204.11"), new byte[6]);
            agent.deliver(Network.MANAGEMENT, AgentHarness.ip("192.168.204.11"), agent.codec.encode(
                    MtcMessage.command(Command.LOCKED, WORKER.mgmtMac(), new int[0], null)));
            agent.sync();

            assertEquals(1, agent.log.count(Level.WARN, "malformed message from 192.168.204.11 on Mgmnt network"));
            assertEquals(1, agent.log.count(Level.WARN, "unsupported message from 192.168.204.11 on Mgmnt network"));
            assertTrue(agent.drain().isEmpty());
        }
    }

    @Test
    void onlineAuditRefreshesLockedHostsThatAreSeen() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, false, 250, 5000, 40, 600_000, 6,
                2))) {
            agent.core.addHost(WORKER);
            agent.core.addHost(AgentHarness.STORAGE); // never seen: not refreshed
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, true);
            agent.sync();

            agent.advance(200);
            List<FakeTransport.Sent> sent = agent.drain();
            Map<Network, Long> counts = perNetwork(sent);
            assertTrue(counts.getOrDefault(Network.MANAGEMENT, 0L) >= 1, counts.toString());
            assertTrue(counts.getOrDefault(Network.CLUSTER_HOST, 0L) >= 1, counts.toString());
            assertFalse(counts.containsKey(Network.PXEBOOT));
            for (FakeTransport.Sent s : sent) {
                assertEquals(Command.LOCKED, agent.decode(s).cmd());
                assertEquals(AgentHarness.ip(WORKER.address(s.network())), s.peer());
            }
        }
    }

    @Test
    void onlineAuditReachesEveryLockedHostAcrossSlicesOfTheLoop() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, false, 250, 5000, 300, 600_000, 6,
                2))) {
            int count = 3 * AgentCore.AUDIT_SLICE + 5;
            Set<InetAddress> expected = new HashSet<>();
            List<HostSpec> hosts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HostSpec host = new HostSpec(String.format("worker-%03d", i), String.format("02:00:00:00:01:%02x", i),
                        "worker", Map.of(Network.MANAGEMENT, "192.168.204." + (20 + i)));
                agent.core.addHost(host); // locked
                hosts.add(host);
            }
            for (int i = 0; i < count; i++) { // all seen within the online window (2 audits), but every seventh
                if (i % 7 != 0) {
                    agent.mtcAlive(hosts.get(i), Network.MANAGEMENT, 1, true);
                    expected.add(AgentHarness.ip(hosts.get(i).address(Network.MANAGEMENT)));
                }
            }
            agent.sync();
            agent.drain();

            agent.advance(300); // one audit, in slices
            Set<InetAddress> refreshed = new HashSet<>();
            for (FakeTransport.Sent s : agent.drain()) {
                assertEquals(Command.LOCKED, agent.decode(s).cmd());
                refreshed.add(s.peer());
            }
            assertEquals(expected, refreshed, "every seen locked host, and only those, refreshed");
        }
    }

    @Test
    void pxebootAlarmIsRaisedOnLossAndClearedOnLock() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, false, 250, 5000, 600_000, 20, 2,
                1))) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
            agent.readyEvent(WORKER, true);
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false); // online on management, silent on pxeboot

            agent.advance(2000);
            assertTrue(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(), "alarm 200.003");
            assertEquals(1, agent.log.count(Level.WARN, "worker-1 pxeboot network communication failure"));
            FakeTransport.Sent request = agent.drain().stream().filter(s -> s.network() == Network.PXEBOOT)
                    .findFirst().orElseThrow();
            MtcMessage m = agent.decode(request);
            assertEquals(Command.REQ_MTCALIVE, m.cmd());
            assertTrue(m.payload().contains("\"pxebootInfo\""), m.payload());

            agent.core.lock(WORKER.name());
            HostStatus locked = agent.core.host(WORKER.name()).orElseThrow();
            assertFalse(locked.pxebootAlarm(), "cleared on lock");
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 pxeboot network communication recovered"));
            agent.advance(150);
            assertFalse(agent.drain().stream().anyMatch(s -> s.network() == Network.PXEBOOT
                    && Command.REQ_MTCALIVE == cmdOf(agent, s)), "not monitored while locked");
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm());
        }
    }

    @Test
    void pxebootAlarmClearsWhenMessagesReturn() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir, false, 250, 5000, 600_000, 20, 2,
                1))) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);
            agent.readyEvent(WORKER, true);
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
            agent.advance(2000);
            assertTrue(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(), "alarm 200.003");

            for (int seq = 1; seq <= 300 && agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(); seq++) {
                agent.mtcAlive(WORKER, Network.PXEBOOT, seq, false); // one every 10 ms, for at most 3 s
                agent.advance(10);
            }
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(), "alarm cleared");
            assertEquals(1, agent.log.count(Level.INFO, "worker-1 pxeboot network communication recovered"));
        }
    }

    private static int cmdOf(AgentHarness agent, FakeTransport.Sent s) {
        try {
            return agent.decode(s).cmd();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
