package io.mtce.client.internal;

import static io.mtce.client.internal.ClientFixtures.CONTROLLER0_PXEBOOT;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER_MGMT;
import static io.mtce.client.internal.ClientFixtures.HOST;
import static io.mtce.client.internal.ClientFixtures.MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class CommandProcessorTest {
    private static final int AGENT_SOURCE_PORT = 40000;

    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final RecordingLogger log = new RecordingLogger();
    private final AtomicLong nanos = new AtomicLong();
    private final FakeTransport mgmt = new FakeTransport(Network.MANAGEMENT, Role.CLIENT);
    private final FakeTransport pxeboot = new FakeTransport(Network.PXEBOOT, Role.CLIENT);

    private CommandProcessor processor(boolean legacy) {
        ClientSettings settings = ClientFixtures.settings(5000, 1000, legacy);
        return new CommandProcessor(settings, codec, flags, new MtcAliveComposer(settings, codec, flags, () -> 42),
                log, nanos::get);
    }

    private static ByteBuffer command(int cmd, String mac, int... parms) {
        return ByteBuffer.wrap(new WireCodec().encode(
                MtcMessage.command(cmd, mac, parms, "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}")));
    }

    private static InetSocketAddress agent(InetAddress address) {
        return new InetSocketAddress(address, AGENT_SOURCE_PORT);
    }

    private MtcMessage onlyAck(FakeTransport transport, InetAddress expectedPeer) throws Exception {
        FakeTransport.Sent sent = transport.sent().poll();
        assertNotNull(sent, "an ack is sent");
        assertNull(transport.sent().poll(), "exactly one datagram is sent");
        assertEquals(100, sent.bytes().length);
        assertEquals("cgts mtc cmd rsp:",
                new String(Arrays.copyOf(sent.bytes(), 17), StandardCharsets.US_ASCII));
        assertEquals(expectedPeer, sent.peer());
        assertEquals(FakeTransport.AGENT_PORT, sent.port(), "acks go to the agent's rx port, not the source port");
        MtcMessage ack = codec.decode(sent.bytes(), 0, sent.bytes().length);
        assertEquals(Header.CMD_RSP, ack.header());
        return ack;
    }

    @Test
    void lockedWithPersistLocksBothFilesAndAcks() throws Exception {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC, 1));

        assertEquals(List.of("lock(true)"), flags.calls());
        MtcMessage ack = onlyAck(mgmt, CONTROLLER_MGMT);
        assertEquals(Command.LOCKED, ack.cmd());
        assertEquals(1, ack.num());
        assertEquals(1, ack.parm(0));
        assertEquals(1, log.count(Level.INFO, HOST + " locked (Mgmnt)"));
    }

    @Test
    void lockedWithoutPersistLocksVolatileOnly() throws Exception {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC));

        assertEquals(List.of("lock(false)"), flags.calls());
        onlyAck(mgmt, CONTROLLER_MGMT);
    }

    @Test
    void lockedWithPersistFlagZeroIsNotPersistent() throws Exception {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC, 0));

        assertEquals(List.of("lock(false)"), flags.calls());
        onlyAck(mgmt, CONTROLLER_MGMT);
    }

    @Test
    void lockedLogsOnlyWhenTheVolatileFileWasAbsent() throws Exception {
        CommandProcessor processor = processor(false);
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC, 1));
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC, 1));

        assertEquals(List.of("lock(true)", "lock(true)"), flags.calls());
        assertEquals(2, mgmt.sent().size(), "every LOCKED is acked");
        assertEquals(1, log.count(Level.INFO, " locked (Mgmnt)"));
    }

    @Test
    void wrongMacIsIgnoredWithoutAck() {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, "02:00:00:00:00:99", 1));

        assertTrue(flags.calls().isEmpty());
        assertTrue(mgmt.sent().isEmpty());
        assertEquals(1, log.count(Level.WARN, HOST + " req command from Mgmnt network not for this host (exp:" + MAC
                + " det:02:00:00:00:00:99) ; ignoring"));
    }

    @Test
    void macComparisonIgnoresCase() throws Exception {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC.toUpperCase(), 1));

        assertEquals(List.of("lock(true)"), flags.calls());
        onlyAck(mgmt, CONTROLLER_MGMT);
    }

    @Test
    void versionZeroCommandIsAcceptedWhateverTheMac() throws Exception {
        MtcMessage v0 = new MtcMessage(Header.CMD_REQ, "ff:ff:ff:ff:ff:ff", 0, 0, 0, Command.LOCKED, new int[] {1},
                null);
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), ByteBuffer.wrap(codec.encode(v0)));

        assertEquals(List.of("lock(true)"), flags.calls());
        onlyAck(mgmt, CONTROLLER_MGMT);
    }

    @Test
    void commandFromOwnAddressIsNotMacChecked() throws Exception {
        InetAddress self = ClientFixtures.ip(ClientFixtures.MGMT_IP);
        processor(false).handle(mgmt, agent(self), command(Command.LOCKED, "02:00:00:00:00:99", 1));

        assertEquals(List.of("lock(true)"), flags.calls());
        onlyAck(mgmt, CONTROLLER_MGMT); // acks go to the floating address, as the C++ client sends them
    }

    @Test
    void unknownCommandIsLoggedAndAcked() throws Exception {
        ByteBuffer datagram = command(99, MAC);
        int bytes = datagram.remaining();
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), datagram);

        assertTrue(flags.calls().isEmpty());
        assertEquals(99, onlyAck(mgmt, CONTROLLER_MGMT).cmd());
        assertEquals(1, log.count(Level.WARN, "Unsupported maintenance command (99) with " + bytes
                + " bytes received from Mgmnt network"));
    }

    @Test
    void knownButUnperformedCommandIsAckedLikeAnUnknownOne() throws Exception {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.REBOOT, MAC));

        assertEquals(Command.REBOOT, onlyAck(mgmt, CONTROLLER_MGMT).cmd());
        assertEquals(1, log.count(Level.WARN, "Unsupported maintenance command (2)"));
    }

    @Test
    void unlockedUnlocksAndAcks() throws Exception {
        flags.volatilePresent(true);
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.UNLOCKED, MAC));

        assertEquals(List.of("unlock()"), flags.calls());
        assertEquals(Command.UNLOCKED, onlyAck(mgmt, CONTROLLER_MGMT).cmd());
        assertEquals(1, log.count(Level.INFO, HOST + " unlocked received from Mgmnt network"));
        assertEquals(1, log.count(Level.INFO, "unlocked msg reply send (Mgmnt)"));
    }

    @Test
    void legacyClientTreatsUnlockedAsUnknown() throws Exception {
        flags.volatilePresent(true);
        processor(true).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.UNLOCKED, MAC));

        assertTrue(flags.calls().isEmpty(), "an old client touches no files");
        assertEquals(Command.UNLOCKED, onlyAck(mgmt, CONTROLLER_MGMT).cmd());
        assertEquals(1, log.count(Level.WARN, "Unsupported maintenance command (24)"));
        assertEquals(1, log.count(Level.INFO, "unknown reply send (Mgmnt)"));
    }

    @Test
    void failedLockIsNotAcked() {
        flags.failing(true);
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC, 1));

        assertEquals(List.of("lock(true)"), flags.calls());
        assertTrue(mgmt.sent().isEmpty());
        assertEquals(1, log.count(Level.ERROR, HOST + " lock failed (Mgmnt)"));
    }

    @Test
    void failedUnlockIsNotAcked() {
        flags.failing(true);
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.UNLOCKED, MAC));

        assertTrue(mgmt.sent().isEmpty());
        assertEquals(1, log.count(Level.ERROR, HOST + " unlock failed (Mgmnt)"));
    }

    @Test
    void malformedDatagramsAreDroppedWithRateLimitedWarnings() {
        CommandProcessor processor = processor(false);
        byte[] garbage = new byte[150];
        Arrays.fill(garbage, (byte) 'x');
        processor.handle(mgmt, agent(CONTROLLER_MGMT), ByteBuffer.wrap(new byte[7]));
        processor.handle(mgmt, agent(CONTROLLER_MGMT), ByteBuffer.wrap(new byte[7]));
        processor.handle(mgmt, agent(CONTROLLER_MGMT), ByteBuffer.wrap(garbage));

        assertTrue(mgmt.sent().isEmpty());
        assertTrue(flags.calls().isEmpty());
        assertEquals(1, log.count(Level.WARN, "TOO_SHORT"), "same sender and reason: one line");
        assertEquals(1, log.count(Level.WARN, "UNKNOWN_HEADER"), "another reason has its own line");

        nanos.addAndGet(CommandProcessor.PEER_WARNING_INTERVAL_MS * 1_000_000L);
        processor.handle(mgmt, agent(CONTROLLER_MGMT), ByteBuffer.wrap(new byte[7]));
        assertEquals(1, log.count(Level.WARN, "(1 similar suppressed)"));
    }

    @Test
    void nonCommandHeaderIsUnsupported() {
        ByteBuffer ack = ByteBuffer.wrap(codec.encode(MtcMessage.ackOf(MtcMessage.command(Command.LOCKED, MAC,
                new int[0], null))));
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), ack);

        assertTrue(mgmt.sent().isEmpty());
        assertEquals(1, log.count(Level.WARN, "unsupported message from " + CONTROLLER_MGMT.getHostAddress()
                + " on Mgmnt network"));
    }

    @Test
    void mtcAliveRequestOnPxebootIsAnsweredAtOnce() throws Exception {
        processor(false).handle(pxeboot, agent(CONTROLLER0_PXEBOOT), command(Command.REQ_MTCALIVE, MAC));

        FakeTransport.Sent sent = pxeboot.sent().poll();
        assertNotNull(sent);
        assertNull(pxeboot.sent().poll(), "no ack besides the mtcAlive");
        assertEquals(CONTROLLER0_PXEBOOT, sent.peer());
        assertEquals(FakeTransport.AGENT_PORT, sent.port());
        MtcAlive alive = codec.readMtcAlive(codec.decode(sent.bytes(), 0, sent.bytes().length));
        assertEquals(HOST, alive.hostname());
        assertEquals(Network.PXEBOOT, alive.network());
        assertEquals(1, alive.sequence());
        assertEquals(42, alive.uptime());
    }

    @Test
    void mtcAliveRequestOnManagementIsOnlyLogged() {
        processor(false).handle(mgmt, agent(CONTROLLER_MGMT), command(Command.REQ_MTCALIVE, MAC));

        assertTrue(mgmt.sent().isEmpty());
    }

    @Test
    void infoAndSyncAreNotAcked() {
        CommandProcessor processor = processor(false);
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.INFO, MAC));
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.SYNC, MAC));
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.SUBF_GOENABLED_FAILED, MAC));

        assertTrue(mgmt.sent().isEmpty());
        assertTrue(flags.calls().isEmpty());
        assertFalse(log.lines().stream().anyMatch(l -> l.startsWith("WARN")));
    }

    @Test
    void ackOnTheNetworkTheCommandCameIn() throws Exception {
        processor(false).handle(pxeboot, agent(CONTROLLER0_PXEBOOT), command(Command.LOCKED, MAC, 1));

        assertTrue(mgmt.sent().isEmpty());
        onlyAck(pxeboot, CONTROLLER0_PXEBOOT);
        assertEquals(1, log.count(Level.INFO, HOST + " locked (Pxeboot)"));
    }

    @Test
    void lockedArrivingOnThreeNetworksAtOnceIsLoggedOnce() throws Exception {
        CommandProcessor processor = processor(false);
        flags.lockDelay(20);
        FakeTransport cluster = new FakeTransport(Network.CLUSTER_HOST, Role.CLIENT);
        List<FakeTransport> transports = List.of(mgmt, cluster, pxeboot);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (FakeTransport t : transports) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                // each from that network's controller address: the source allowlist is per network
                InetAddress source = t == mgmt ? CONTROLLER_MGMT
                        : t == pxeboot ? CONTROLLER0_PXEBOOT : ClientFixtures.CONTROLLER0_CLUSTER;
                processor.handle(t, agent(source), command(Command.LOCKED, MAC, 1));
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(5000);
        }

        assertEquals(3, flags.calls().size());
        assertEquals(1, log.count(Level.INFO, HOST + " locked ("));
        assertEquals(1, mgmt.sent().size(), "management acks its LOCKED to the floating address");
        assertEquals(2, cluster.sent().size(), "cluster-host acks its LOCKED to both controllers");
        assertEquals(1, pxeboot.sent().size(), "pxeboot acks its LOCKED to the sender");
    }

    @Test
    void aLockedCopyThatArrivedBeforeTheUnlockedNowAppliedIsIgnored() throws Exception {
        CommandProcessor processor = processor(false);
        FakeTransport cluster = new FakeTransport(Network.CLUSTER_HOST, Role.CLIENT);
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.LOCKED, MAC, 1), 100);
        assertEquals(Command.LOCKED, onlyAck(mgmt, CONTROLLER_MGMT).cmd());
        flags.volatilePresent(true);
        processor.handle(mgmt, agent(CONTROLLER_MGMT), command(Command.UNLOCKED, MAC), 300);
        assertEquals(Command.UNLOCKED, onlyAck(mgmt, CONTROLLER_MGMT).cmd());
        flags.volatilePresent(false);

        // The lock's copy on cluster-host reached its thread at 200, before the UNLOCKED, but got the files last.
        processor.handle(cluster, agent(ClientFixtures.CONTROLLER0_CLUSTER), command(Command.LOCKED, MAC, 1), 200);

        assertEquals(List.of("lock(true)", "unlock()"), flags.calls(), "the late copy changes no file");
        assertTrue(cluster.sent().isEmpty(), "and is not acknowledged: its lock was, through management");
        assertEquals(1,
                log.count(Level.INFO, HOST + " locked msg (Clstr) arrived 0 µs before the unlocked msg now applied"));

        // A lock sent after the unlock is a new command, however soon it comes.
        processor.handle(cluster, agent(ClientFixtures.CONTROLLER0_CLUSTER), command(Command.LOCKED, MAC, 1), 301);
        assertEquals(List.of("lock(true)", "unlock()", "lock(true)"), flags.calls());
        assertEquals(2, cluster.sent().size(), "cluster-host acks to both controllers");
    }
}
