package io.mtce.client.internal;

import static io.mtce.client.internal.ClientFixtures.CONTROLLER0_CLUSTER;
import static io.mtce.client.internal.ClientFixtures.CONTROLLER_MGMT;
import static io.mtce.client.internal.ClientFixtures.MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.AuthSettings;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Hostile input, through the real codec and fakes: no bad datagram changes a flag file or gets an ack, the log stays
 * bounded whatever the volume, and legitimate commands are served during a flood.
 */
class HostileInputTest {
    private static final int BURST = 100_000;
    private static final String JSON = "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}";

    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final RecordingLogger log = new RecordingLogger();
    private final AtomicLong nanos = new AtomicLong();
    private final FakeTransport mgmt = new FakeTransport(Network.MANAGEMENT, Role.CLIENT);
    private final FakeTransport cluster = new FakeTransport(Network.CLUSTER_HOST, Role.CLIENT);
    private final ClientSettings settings = ClientFixtures.settings(5000, 1000, false);

    private CommandProcessor processor(DatagramAuthenticator auth) {
        return new CommandProcessor(settings, true, auth, codec, flags,
                new MtcAliveComposer(settings, codec, flags, () -> 42), log, nanos::get);
    }

    private static InetSocketAddress from(InetAddress address) {
        return new InetSocketAddress(address, 40000);
    }

    private static InetAddress forged(int i) {
        return ClientFixtures.ip("10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF));
    }

    @Test
    void noBadDatagramChangesAFlagOrGetsAnAckAndTheLogStaysBounded() {
        CommandProcessor p = processor(DatagramAuthenticator.off());
        Map<String, byte[]> kinds = HostileInput.kinds(MAC);
        for (int round = 0; round < 200; round++) {
            for (Map.Entry<String, byte[]> kind : kinds.entrySet()) {
                p.handle(mgmt, from(CONTROLLER_MGMT), ByteBuffer.wrap(kind.getValue()));
                assertTrue(flags.calls().isEmpty(), kind.getKey() + " changed a flag file");
                assertTrue(mgmt.sent().isEmpty(), kind.getKey() + " got a reply");
            }
        }
        // One line per reason within the interval, not one per datagram.
        assertTrue(log.lines().size() <= kinds.size(), log.lines().size() + " lines: " + log.lines());
        assertEquals(200L * (kinds.size() - 1), p.rejections().get(Rejection.MALFORMED),
                "all but the ack (a valid message of the wrong kind) are malformed");
    }

    @Test
    void forgedSourceIsRefusedAndAFloodOfForgedSourcesLogsOneLine() {
        CommandProcessor p = processor(DatagramAuthenticator.off());
        byte[] valid = HostileInput.locked(MAC);
        for (int i = 0; i < BURST; i++) {
            p.handle(mgmt, from(forged(i)), ByteBuffer.wrap(valid));
        }
        assertTrue(flags.calls().isEmpty());
        assertTrue(mgmt.sent().isEmpty());
        assertEquals(BURST, p.rejections().get(Rejection.SOURCE));
        assertEquals(1, log.lines().size(), log.lines().toString());
        assertTrue(log.lines().get(0).contains("on Mgmnt network: SOURCE (not a controller address"),
                log.lines().get(0));

        // A controller address of another network is forged too.
        p.handle(mgmt, from(CONTROLLER0_CLUSTER), ByteBuffer.wrap(valid));
        assertTrue(flags.calls().isEmpty());
    }

    @Test
    void withAllowlistOffAFloodOfForgedSourcesStillLogsBoundedly() {
        CommandProcessor p = new CommandProcessor(settings, false, DatagramAuthenticator.off(), codec, flags,
                new MtcAliveComposer(settings, codec, flags, () -> 42), log, nanos::get);
        byte[] junk = HostileInput.random(300, 3);
        int count = BURST / 5;
        for (int i = 0; i < count; i++) {
            p.handle(mgmt, from(forged(i)), ByteBuffer.wrap(junk));
        }
        assertTrue(log.lines().size() <= 2, log.lines().toString());
        assertEquals(count, p.rejections().get(Rejection.MALFORMED));
    }

    @Test
    void legitimateCommandsAreServedDuringABurstOfJunk() throws Exception {
        AuthKey key = AuthKey.parse("auth.key", "00112233445566778899aabbccddeeff");
        DatagramAuthenticator auth = AuthSettings.of(AuthMode.SIGN, key).authenticator(Clock.systemUTC());
        DatagramAuthenticator agent = AuthSettings.of(AuthMode.SIGN, key).authenticator(Clock.systemUTC());
        CommandProcessor p = processor(auth);
        List<byte[]> junk = new ArrayList<>(HostileInput.kinds(MAC).values());
        byte[] replay = agent.sign(HostileInput.locked(MAC));
        p.handle(mgmt, from(CONTROLLER_MGMT), ByteBuffer.wrap(replay));
        mgmt.sent().clear();
        int before = flags.calls().size();
        junk.add(replay);
        junk.add(HostileInput.forgedTrailer(MAC));
        junk.add(AuthSettings.of(AuthMode.SIGN, AuthKey.parse("k", "ffeeddccbbaa99887766554433221100"))
                .authenticator(Clock.systemUTC()).sign(HostileInput.locked(MAC)));

        int every = 1000;
        List<Long> mgmtLatency = new ArrayList<>();
        List<Long> clusterLatency = new ArrayList<>();
        Thread junkThread = new Thread(() -> {
            for (int i = 0; i < BURST; i++) {
                InetAddress source = i % 2 == 0 ? forged(i) : CONTROLLER_MGMT;
                p.handle(mgmt, from(source), ByteBuffer.wrap(junk.get(i % junk.size())));
                if (i % every == every - 1) { // a legitimate command on the same receive thread as the junk
                    byte[] legit = agent.sign(command(i / every % 2 == 0 ? Command.LOCKED : Command.UNLOCKED));
                    long start = System.nanoTime();
                    p.handle(mgmt, from(CONTROLLER_MGMT), ByteBuffer.wrap(legit));
                    mgmtLatency.add(System.nanoTime() - start);
                }
            }
        }, "junk");
        long started = System.nanoTime();
        junkThread.start();
        // Meanwhile, legitimate commands on another network (another receive thread).
        int clusterSent = 0;
        while (junkThread.isAlive()) {
            byte[] legit = agent.sign(command(Command.LOCKED));
            long start = System.nanoTime();
            p.handle(cluster, from(CONTROLLER0_CLUSTER), ByteBuffer.wrap(legit));
            clusterLatency.add(System.nanoTime() - start);
            clusterSent++;
            Thread.sleep(1);
        }
        junkThread.join();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(BURST / every, mgmtLatency.size());
        assertEquals(BURST / every, mgmt.sent().size(), "every legitimate command on the junk's network is acked");
        assertEquals(2 * clusterSent, cluster.sent().size(),
                "every legitimate command on the other network is acked (to both controllers)");
        assertEquals(before + BURST / every + clusterSent, flags.calls().size(),
                "only legitimate commands reach the flags");
        List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN")).toList();
        assertTrue(warnings.size() <= 20, warnings.size() + " warnings: " + warnings);
        assertTrue(p.rejections().get(Rejection.REPLAYED) > 0);
        assertTrue(p.rejections().get(Rejection.BAD_SIGNATURE) + p.rejections().get(Rejection.UNKNOWN_KEY) > 0);
        System.out.printf("client burst: %d junk datagrams in %d ms (%d rejected: %s); legitimate command handling"
                + " latency on the junk's thread %s, on another network's thread %s (%d commands); %d warnings%n",
                BURST, elapsedMs, p.rejections().total(), p.rejections().snapshot(), stats(mgmtLatency),
                stats(clusterLatency), clusterSent, warnings.size());
    }

    private byte[] command(int cmd) {
        return codec.encode(MtcMessage.command(cmd, MAC, cmd == Command.LOCKED ? new int[] {1} : new int[0], JSON));
    }

    static String stats(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "n/a";
        }
        return String.format("p50 %d us, p99 %d us, max %d us", sorted[sorted.length / 2] / 1000,
                sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1000,
                sorted[sorted.length - 1] / 1000);
    }
}
