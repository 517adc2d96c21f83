package io.mtce.client.internal;

import static io.mtce.client.internal.ClientFixtures.CONTROLLER0_CLUSTER;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER0_PXEBOOT;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER1_CLUSTER;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER_MGMT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Header;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.Network;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class MtcAliveSenderTest {
    private static final long WAIT_MS = 2000;

    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final RecordingLogger log = new RecordingLogger();
    private final BlockingQueue<FakeTransport.Sent> wire = new LinkedBlockingQueue<>();
    private final FakeTransport pxeboot = new FakeTransport(Network.PXEBOOT, Role.CLIENT, wire);
    private final FakeTransport mgmt = new FakeTransport(Network.MANAGEMENT, Role.CLIENT, wire);
    private final FakeTransport cluster = new FakeTransport(Network.CLUSTER_HOST, Role.CLIENT, wire);
    private MtcAliveSender sender;

    /** A sender whose ticks the test drives by calling {@link MtcAliveSender#tick()}: no real time passes. */
    private MtcAliveSender manual(FakeTransport... transports) {
        ClientSettings settings = ClientFixtures.settings(3_600_000, 3_600_000, false);
        sender = new MtcAliveSender(settings, new MtcAliveComposer(settings, codec, flags, () -> 7), log);
        for (FakeTransport t : transports) {
            sender.addTransport(t);
        }
        return sender;
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.stop();
        }
    }

    /** The next mtcAlive sent, skipping ready events. */
    private MtcAlive next() throws Exception {
        FakeTransport.Sent sent = wire.poll(WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        while (sent != null && codec.decode(sent.bytes(), 0, sent.bytes().length).header() == Header.EVENT) {
            sent = wire.poll(WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        assertNotNull(sent, "an mtcAlive within " + WAIT_MS + " ms");
        assertEquals(FakeTransport.AGENT_PORT, sent.port());
        MtcAlive alive = codec.readMtcAlive(codec.decode(sent.bytes(), 0, sent.bytes().length));
        assertEquals(sent.network(), alive.network());
        return alive;
    }

    /** The next mtcAlive sent on {@code network}, skipping the others. */
    private MtcAlive nextOn(Network network) throws Exception {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            MtcAlive alive = next();
            if (alive.network() == network) {
                return alive;
            }
        }
        throw new AssertionError("no mtcAlive on " + network);
    }

    @Test
    void eachTickSendsPxebootThenManagementThenClusterToTheControllers() throws Exception {
        manual(cluster, mgmt, pxeboot).tick();

        List<String> order = new ArrayList<>();
        for (FakeTransport.Sent sent : wire) {
            boolean event = codec.decode(sent.bytes(), 0, sent.bytes().length).header() == Header.EVENT;
            order.add(sent.network() + " " + sent.peer().getHostAddress() + (event ? " (ready event)" : ""));
        }
        assertEquals(List.of("PXEBOOT " + CONTROLLER0_PXEBOOT.getHostAddress(),
                "MANAGEMENT " + CONTROLLER_MGMT.getHostAddress(),
                "CLUSTER_HOST " + CONTROLLER0_CLUSTER.getHostAddress(),
                "CLUSTER_HOST " + CONTROLLER1_CLUSTER.getHostAddress(),
                "MANAGEMENT " + CONTROLLER_MGMT.getHostAddress() + " (ready event)"), order);
    }

    @Test
    void sequenceIsPerNetworkStartingAtOne() throws Exception {
        manual(mgmt, cluster);
        for (int i = 0; i < 3; i++) {
            sender.tick();
        }

        List<Integer> mgmtSeq = new ArrayList<>();
        List<Integer> clusterSeq = new ArrayList<>();
        while (mgmtSeq.size() < 3 || clusterSeq.size() < 6) {
            MtcAlive alive = next();
            (alive.network() == Network.MANAGEMENT ? mgmtSeq : clusterSeq).add(alive.sequence());
        }
        assertEquals(List.of(1, 2, 3), mgmtSeq.subList(0, 3));
        assertEquals(List.of(1, 1, 2, 2, 3, 3), clusterSeq.subList(0, 6), "both controllers get the same message");
    }

    @Test
    void lockedBitFollowsTheVolatileFile() throws Exception {
        manual(mgmt).tick();

        MtcAlive first = nextOn(Network.MANAGEMENT);
        assertFalse(first.locked());
        assertEquals(MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY, first.flags());
        assertEquals(MtcAliveFlags.HEALTH_HEALTHY, first.health());
        assertEquals(7, first.uptime());
        assertEquals(ClientFixtures.HOST, first.hostname());
        assertEquals(ClientFixtures.MAC, first.mgmtMac());

        flags.volatilePresent(true);
        sender.tick();
        MtcAlive locked = nextOn(Network.MANAGEMENT);
        assertEquals(MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY | MtcAliveFlags.I_AM_LOCKED,
                locked.flags());

        flags.volatilePresent(false);
        sender.tick();
        assertFalse(nextOn(Network.MANAGEMENT).locked());
    }

    @Test
    void transportBoundLaterIsUsedFromTheNextTick() throws Exception {
        manual(mgmt).tick();
        nextOn(Network.MANAGEMENT);

        sender.addTransport(pxeboot);
        sender.tick();
        MtcAlive first = nextOn(Network.PXEBOOT);
        assertEquals(1, first.sequence());
    }

    @Test
    void downTransportIsSkippedAndUsedAgainWhenUp() throws Exception {
        pxeboot.up(false);
        manual(pxeboot, mgmt);

        for (int i = 0; i < 3; i++) {
            sender.tick();
            assertEquals(Network.MANAGEMENT, next().network());
        }
        pxeboot.up(true);
        sender.tick();
        assertEquals(1, nextOn(Network.PXEBOOT).sequence(), "no sequence is used up while DOWN");
    }

    @Test
    void failingSendDoesNotStopTheOthersAndIsLoggedOnChange() throws Exception {
        mgmt.failing(true);
        manual(mgmt, cluster);

        for (int i = 0; i < 3; i++) {
            sender.tick();
            assertEquals(Network.CLUSTER_HOST, next().network());
            assertEquals(Network.CLUSTER_HOST, next().network());
        }
        assertEquals(1, log.count(Level.WARN, "mtcAlive to " + CONTROLLER_MGMT.getHostAddress()
                + " on Mgmnt network failed: network unreachable"));

        mgmt.failing(false);
        sender.tick();
        nextOn(Network.MANAGEMENT);
        assertTrue(log.logged(Level.INFO, "on Mgmnt network recovered"));
    }

    @Test
    void removedTransportRestartsItsSequence() throws Exception {
        manual(mgmt).tick();
        sender.tick();
        assertEquals(2, nextOn(Network.MANAGEMENT).sequence() + 1);
        assertEquals(2, nextOn(Network.MANAGEMENT).sequence());

        sender.removeTransport(mgmt);
        sender.addTransport(new FakeTransport(Network.MANAGEMENT, Role.CLIENT, wire));
        sender.tick();
        assertEquals(1, nextOn(Network.MANAGEMENT).sequence());
    }

}
