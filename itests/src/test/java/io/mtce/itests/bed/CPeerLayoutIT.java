package io.mtce.itests.bed;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.PxebootInfo;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.internal.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The C reference peer and our codec agree byte for byte. The peer is what the bed's mixed-cluster tests trust to
 * behave like the C++ daemons, so its messages are checked here against {@link MessageCodec}: compiling it checks
 * the struct layout on its own (static asserts on size and every offset), and each kind of message it sends is
 * encoded by both and decoded by ours. Skipped when there is no gcc.
 */
public class CPeerLayoutIT {
    private static final String MAC = "02:00:00:00:0a:01";
    private static final MessageCodec CODEC = new WireCodec();

    private static Path peer;

    @BeforeClass
    public static void build() {
        String reason = CPeer.unavailableReason();
        Assume.assumeTrue("skipping the C reference peer layout test: " + reason, reason == null);
        peer = CPeer.binary();
    }

    @Test
    public void lockedWithPersistMatchesAndDecodes() throws Exception {
        MtcMessage java = MtcMessage.command(Command.LOCKED, MAC, new int[] {1},
                CODEC.commandPayload("192.168.204.1", Network.MANAGEMENT));
        byte[] c = encode("locked", MAC, "192.168.204.1", "Mgmnt", "persist");
        assertBytes(CODEC.encode(java), c);
        assertEquals(java, CODEC.decode(c, 0, c.length));
        assertEquals(100 + java.payload().length() + 1, c.length);
    }

    @Test
    public void simplexLockedHasNoPersistParameter() throws Exception {
        MtcMessage java = MtcMessage.command(Command.LOCKED, MAC, new int[0],
                CODEC.commandPayload("192.168.206.3", Network.CLUSTER_HOST));
        byte[] c = encode("locked", MAC, "192.168.206.3", "Clstr", "nopersist");
        assertBytes(CODEC.encode(java), c);
        assertEquals(0, CODEC.decode(c, 0, c.length).num());
    }

    @Test
    public void unlockedMatchesAndDecodes() throws Exception {
        MtcMessage java = MtcMessage.command(Command.UNLOCKED, MAC, new int[0],
                CODEC.commandPayload("192.168.204.1", Network.MANAGEMENT));
        byte[] c = encode("unlocked", MAC, "192.168.204.1", "Mgmnt");
        assertBytes(CODEC.encode(java), c);
        assertEquals(java, CODEC.decode(c, 0, c.length));
    }

    @Test
    public void ackOfLockedKeepsTheMacTailAndIs100Bytes() throws Exception {
        MtcMessage command = MtcMessage.command(Command.LOCKED, MAC, new int[] {1},
                CODEC.commandPayload("169.254.202.3", Network.PXEBOOT));
        byte[] c = encode("ack-locked", MAC, "169.254.202.3", "Pxeboot", "persist");
        assertEquals(100, c.length);
        assertBytes(CODEC.encode(MtcMessage.ackOf(command)), c);
        MtcMessage decoded = CODEC.decode(c, 0, c.length);
        assertSame(Header.CMD_RSP, decoded.header());
        assertEquals(Command.LOCKED, decoded.cmd());
        assertArrayEquals(new int[] {1}, decoded.parms());
        assertEquals(1, decoded.ver());
        assertNull(decoded.payload());
    }

    @Test
    public void ackOfUnlockedMatches() throws Exception {
        MtcMessage command = MtcMessage.command(Command.UNLOCKED, MAC, new int[0],
                CODEC.commandPayload("192.168.204.1", Network.MANAGEMENT));
        byte[] c = encode("ack-unlocked", MAC, "192.168.204.1", "Mgmnt");
        assertBytes(CODEC.encode(MtcMessage.ackOf(command)), c);
        assertEquals(Command.UNLOCKED, CODEC.decode(c, 0, c.length).cmd());
    }

    @Test
    public void pxebootMtcAliveRequestMatchesAndDecodes() throws Exception {
        PxebootInfo info = new PxebootInfo("169.254.202.3", "169.254.202.3", "169.254.202.4");
        MtcMessage java = MtcMessage.command(Command.REQ_MTCALIVE, MAC, new int[0], CODEC.pxebootInfoPayload(info));
        byte[] c = encode("req-mtcalive", MAC, "169.254.202.3", "169.254.202.3", "169.254.202.4");
        assertBytes(CODEC.encode(java), c);
        MtcMessage decoded = CODEC.decode(c, 0, c.length);
        assertEquals(java, decoded);
        assertEquals(info, CODEC.readPxebootInfo(decoded));
    }

    @Test
    public void pxebootRequestWithAnUnprovisionedControllerMatches() throws Exception {
        PxebootInfo info = new PxebootInfo("169.254.202.3", "169.254.202.3", "");
        MtcMessage java = MtcMessage.command(Command.REQ_MTCALIVE, MAC, new int[0], CODEC.pxebootInfoPayload(info));
        byte[] c = encode("req-mtcalive", MAC, "169.254.202.3", "169.254.202.3", "");
        assertBytes(CODEC.encode(java), c);
        assertEquals(info, CODEC.readPxebootInfo(CODEC.decode(c, 0, c.length)));
    }

    @Test
    public void mtcAliveMatchesAndDecodes() throws Exception {
        for (Network n : Network.values()) {
            MtcAlive alive = new MtcAlive("worker-1", "worker", "169.254.202.20", "192.168.204.20", "192.168.206.20",
                    MAC, n, 123456, 1, 0x1 | 0x4 | 0x8, 42);
            byte[] c = encode("mtcalive", "worker-1", "worker", "169.254.202.20", "192.168.204.20", "192.168.206.20",
                    MAC, n.wireName(), "123456", "1", String.valueOf(0x1 | 0x4 | 0x8), "42");
            assertBytes(CODEC.encode(alive), c);
            assertBytes(CODEC.encode(CODEC.mtcAlive(alive)), c);
            assertEquals(alive, CODEC.readMtcAlive(c, 0, c.length));
        }
    }

    @Test
    public void mtcAliveOfAHostWithoutClusterOrPxebootMatches() throws Exception {
        MtcAlive alive = new MtcAlive("controller-0", "controller,worker", "", "192.168.204.3", "", MAC,
                Network.MANAGEMENT, 7, 1, 0x5, 1);
        byte[] c = encode("mtcalive", "controller-0", "controller,worker", "", "192.168.204.3", "", MAC, "Mgmnt", "7",
                "1", "5", "1");
        assertBytes(CODEC.encode(alive), c);
        assertEquals(alive, CODEC.readMtcAlive(c, 0, c.length));
    }

    @Test
    public void readyEventMatchesAndDecodes() throws Exception {
        for (String active : new String[] {"", "169.254.202.3"}) {
            ReadyEvent event = ReadyEvent.mtcClient("worker-1", active);
            byte[] c = encode("ready", "worker-1", active);
            assertBytes(CODEC.encode(CODEC.readyEvent(event)), c);
            assertEquals(event, CODEC.readReadyEvent(CODEC.decode(c, 0, c.length)));
        }
    }

    private static void assertBytes(byte[] java, byte[] c) {
        assertEquals("C peer bytes differ from the codec's", HexFormat.of().formatHex(java),
                HexFormat.of().formatHex(c));
    }

    /** Runs {@code mtcpeer encode ARGS} and returns the bytes it printed as hex. */
    private static byte[] encode(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(peer.toString());
        cmd.add("encode");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return HexFormat.of().parseHex(out);
    }
}
