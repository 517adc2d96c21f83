package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.PendingAction;
import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.MutableClock;
import io.mtce.testing.RecordingLogger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input to the agent, through the real codec and fake transports: no bad datagram changes a host's state,
 * sends anything or touches the inventory file; the log stays bounded; lock/unlock keep working during a flood.
 */
class HostileDatagramTest {
    private static final int BURST = 100_000;
    private static final AgentSecurity SECURITY = AgentSecurity.DEFAULT;

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();
    private final WireCodec codec = new WireCodec();

    private GuardedAgent agent() {
        return new GuardedAgent(dir, SECURITY, new MutableClock(Instant.parse("2026-07-01T12:00:00Z")), log);
    }

    private static InetAddress ip(String literal) {
        return AgentHarness.ip(literal);
    }

    private Map<String, byte[]> kinds() {
        byte[] alive = GuardedAgent.mtcAlive(codec, WORKER, Network.MANAGEMENT, 1, false);
        Map<String, byte[]> kinds = new LinkedHashMap<>();
        byte[] oversized = Arrays.copyOf(alive, 1061);
        Arrays.fill(oversized, alive.length, oversized.length, (byte) 'x');
        kinds.put("oversized (1061 bytes)", oversized);
        kinds.put("oversized (65507 bytes)", random(65_507, 1));
        kinds.put("empty", new byte[0]);
        kinds.put("truncated (7 bytes)", Arrays.copyOf(alive, 7));
        kinds.put("truncated (99 bytes)", Arrays.copyOf(alive, 99));
        byte[] header = alive.clone();
        header[12] = 'X';
        kinds.put("wrong header", header);
        kinds.put("huge num", u32(alive, 76, 0xFFFFFFFF));
        kinds.put("num 3 in an mtcAlive", u32(alive, 76, 3));
        byte[] noNul = alive.clone();
        noNul[noNul.length - 1] = '}';
        kinds.put("non-terminated buf", noNul);
        byte[] utf8 = alive.clone();
        utf8[105] = (byte) 0xFF;
        kinds.put("invalid UTF-8", utf8);
        kinds.put("invalid JSON", worker("{\"hostname\":\"worker-1\",\"personality\":"));
        kinds.put("JSON without personality", worker("{\"hostname\":\"worker-1\",\"interface\":\"Mgmnt\"}"));
        kinds.put("JSON of another type", worker("[1,2,3]"));
        kinds.put("a command sent to the agent", codec.encode(MtcMessage.command(Command.LOCKED, WORKER.mgmtMac(),
                new int[] {1}, null)));
        kinds.put("random 300 bytes", random(300, 2));
        kinds.put("zeros", new byte[1060]);
        return kinds;
    }

    private byte[] worker(String json) {
        return codec.encode(new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, new int[] {100, 1, 5, 1},
                json));
    }

    private static byte[] u32(byte[] datagram, int offset, int value) {
        byte[] copy = datagram.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void noBadDatagramChangesStateSendsAnythingOrTouchesTheInventory() throws Exception {
        try (GuardedAgent a = agent()) {
            a.core.addHost(WORKER);
            a.drain();
            Path inventory = dir.resolve("inventory.json");
            byte[] before = Files.readAllBytes(inventory);
            FileTime modified = Files.getLastModifiedTime(inventory);
            Map<String, byte[]> kinds = kinds();
            for (int round = 0; round < 200; round++) {
                for (byte[] datagram : kinds.values()) {
                    a.deliver(Network.MANAGEMENT, ip(WORKER.address(Network.MANAGEMENT)), datagram);
                }
            }
            a.sync();

            assertTrue(a.drain().isEmpty(), "nothing sent in reply to bad input");
            assertNull(a.core.host(WORKER.name()).orElseThrow().reportedLocked());
            assertEquals(0, a.core.host(WORKER.name()).orElseThrow().networks().get(Network.MANAGEMENT).received());
            assertArrayEquals(before, Files.readAllBytes(inventory));
            assertEquals(modified, Files.getLastModifiedTime(inventory));
            assertTrue(log.lines().size() <= kinds.size() + 2, log.lines().size() + " lines: " + log.lines());
            assertEquals(200L * (kinds.size() - 1), a.core.rejections().get(Rejection.MALFORMED),
                    "all but the command (a valid message the agent ignores) are malformed");
        }
    }

    @Test
    void forgedSourcesAreRefusedWithOneLogLine() throws Exception {
        try (GuardedAgent a = agent()) {
            a.core.addHost(WORKER);
            a.core.addHost(STORAGE);
            int before = log.lines().size();
            byte[] alive = GuardedAgent.mtcAlive(codec, WORKER, Network.MANAGEMENT, 1, false);
            for (int i = 0; i < BURST / 5; i++) {
                a.deliver(Network.MANAGEMENT, forged(i), alive);
            }
            a.sync();
            assertNull(a.core.host(WORKER.name()).orElseThrow().reportedLocked());
            assertEquals(BURST / 5, a.core.rejections().get(Rejection.SOURCE));
            assertEquals(1, log.lines().size() - before, log.lines().toString());
        }
    }

    private static InetAddress forged(int i) {
        return ip("10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF));
    }

    /** On the real event loop: the junk arrives on another thread, as from a transport's receive thread. */
    @Test
    void lockAndUnlockKeepWorkingDuringABurstOfJunk() throws Exception {
        try (GuardedAgent a = new GuardedAgent(dir, SECURITY,
                new ExecutorEventLoop("mtce-agent-loop", Clock.systemUTC(), log), log)) {
            a.core.addHost(WORKER);
            a.core.addHost(STORAGE);
            List<byte[]> junk = new ArrayList<>(kinds().values());
            InetAddress worker = ip(WORKER.address(Network.MANAGEMENT));
            InetAddress storage = ip(STORAGE.address(Network.MANAGEMENT));
            // WORKER's mtcAlive from STORAGE's address: well formed, so refused only on the loop
            byte[] foreign = GuardedAgent.mtcAlive(codec, WORKER, Network.MANAGEMENT, 1, false);
            Thread junkThread = new Thread(() -> {
                for (int i = 0; i < BURST; i++) {
                    if (i % 10 == 9) {
                        a.deliver(Network.MANAGEMENT, storage, foreign);
                    } else {
                        InetAddress source = i % 3 == 0 ? forged(i) : i % 3 == 1 ? worker : storage;
                        a.deliver(Network.MANAGEMENT, source, junk.get(i % junk.size()));
                    }
                }
            }, "junk");
            long started = System.nanoTime();
            junkThread.start();
            List<Long> latencies = new ArrayList<>();
            boolean lock = true;
            while (junkThread.isAlive() || latencies.isEmpty()) {
                long start = System.nanoTime();
                if (lock) {
                    a.core.lock(WORKER.name());
                } else {
                    a.core.unlock(WORKER.name());
                }
                int acked = 0;
                while (acked == 0) { // the host acks the first copy it gets, on the network it came on
                    FakeTransport.Sent s = a.wire.poll(); // sent before lock() or unlock() returned
                    assertNotNull(s, "the command sent");
                    MtcMessage command = codec.decode(s.bytes(), 0, s.bytes().length);
                    if (command.cmd() == (lock ? Command.LOCKED : Command.UNLOCKED)) {
                        a.deliver(s.network(), s.peer(), codec.encode(MtcMessage.ackOf(command)));
                        acked++;
                    }
                }
                a.sync();
                assertEquals(PendingAction.NONE, a.pending(WORKER), "acknowledged");
                latencies.add(System.nanoTime() - start);
                a.wire.clear();
                lock = !lock;
            }
            junkThread.join();
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            a.sync();
            List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN")).toList();
            assertTrue(warnings.size() <= 25, warnings.size() + " warnings: " + warnings);
            assertTrue(a.core.rejections().get(Rejection.SOURCE) >= BURST / 3);
            assertNull(a.core.host(WORKER.name()).orElseThrow().reportedLocked(), "no forged report was taken");
            System.out.printf("agent burst: %d junk datagrams in %d ms (%s); %d lock/unlock round trips (command"
                    + " sent, ack received, completed) during it: %s; %d warnings%n", BURST, elapsedMs,
                    a.core.rejections().snapshot(), latencies.size(), stats(latencies), warnings.size());
        }
    }

    static String stats(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("p50 %d us, p99 %d us, max %d us", sorted[sorted.length / 2] / 1000,
                sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1000,
                sorted[sorted.length - 1] / 1000);
    }
}
