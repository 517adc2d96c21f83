package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding against hand-built datagrams from the spec, and decoding them back. */
final class WireCodecGoldenTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void commandPayloadIsTheAgentDefaultJson() {
        assertEquals(Golden.COMMAND_JSON, codec.commandPayload("192.168.204.2", Network.MANAGEMENT));
        assertEquals("{\"address\":\"192.168.206.2\",\"interface\":\"Clstr\"}",
                codec.commandPayload("192.168.206.2", Network.CLUSTER_HOST));
        assertEquals("{\"address\":\"169.254.202.2\",\"interface\":\"Pxeboot\"}",
                codec.commandPayload("169.254.202.2", Network.PXEBOOT));
    }

    @Test
    void lockedWithPersist() {
        MtcMessage locked = MtcMessage.command(Command.LOCKED, Golden.MAC, new int[] {1},
                codec.commandPayload("192.168.204.2", Network.MANAGEMENT));
        byte[] wire = codec.encode(locked);

        assertEquals(148, wire.length, "100 + strlen 47 + NUL");
        assertEquals(0, wire[34], "MAC NUL terminator at hdr[34]");
        assertEquals(0, wire[147], "buf NUL terminator");
        assertArrayEquals(Golden.lockedPersist(), wire);
    }

    @Test
    void lockedWithoutPersist() {
        byte[] wire = codec.encode(Golden.lockedNoPersistMessage());

        assertEquals(148, wire.length);
        assertArrayEquals(Golden.lockedNoPersist(), wire);
    }

    @Test
    void unlocked() {
        byte[] wire = codec.encode(Golden.unlockedMessage());

        assertEquals(148, wire.length);
        assertEquals(0x18, wire[72]);
        assertArrayEquals(Golden.unlocked(), wire);
    }

    @Test
    void mtcAliveLockedAndUnlocked() {
        byte[] locked = codec.encode(codec.mtcAlive(Golden.alive(Golden.FLAGS_LOCKED)));
        byte[] unlocked = codec.encode(codec.mtcAlive(Golden.alive(Golden.FLAGS_UNLOCKED)));

        assertEquals(302, locked.length, "100 + strlen 201 + NUL");
        assertArrayEquals(Golden.mtcAlive(Golden.FLAGS_LOCKED), locked);
        assertArrayEquals(Golden.mtcAlive(Golden.FLAGS_UNLOCKED), unlocked);
        assertEquals(0x08, locked[88] & 0x08);
        assertEquals(0x00, unlocked[88] & 0x08);
    }

    @Test
    void ackOfLockedIsOneHundredBytesWithTheMacTail() {
        byte[] wire = codec.encode(MtcMessage.ackOf(Golden.lockedPersistMessage()));

        assertEquals(100, wire.length);
        assertEquals(0, wire[17]);
        assertEquals('a', wire[18]);
        assertEquals(0, wire[34]);
        assertArrayEquals(Golden.lockedAck(), wire);
    }

    @Test
    void ackOfACommandWithoutMacHasAPlainHeader() {
        MtcMessage command = MtcMessage.command(Command.REBOOT, "", null, null);
        byte[] expected = Datagram.ofLength(100).ascii(0, "cgts mtc cmd rsp:").bytes(64, 0x01, 0x00)
                .bytes(72, 0x02, 0x00, 0x00, 0x00).build();

        assertArrayEquals(expected, codec.encode(MtcMessage.ackOf(command)));
    }

    @Test
    void unusedParmSlotsAndFieldsAreZero() {
        MtcMessage m = new MtcMessage(Header.CMD_REQ, "", 0xFFFF, 0xFFFF, -1, -1, new int[] {-1, 0x01020304}, null);
        byte[] expected = Datagram.ofLength(100).ascii(0, "cgts mtc cmd req:")
                .fill(64, 16, 0xFF) // ver, rev, res, cmd all ones
                .bytes(76, 0x02, 0x00, 0x00, 0x00)
                .fill(80, 4, 0xFF)
                .bytes(84, 0x04, 0x03, 0x02, 0x01) // parm[2..4] stay zero
                .build();

        assertArrayEquals(expected, codec.encode(m));
    }

    @Test
    void goldenDatagramsDecodeToTheirMessages() throws MalformedMessageException {
        assertEquals(Golden.lockedPersistMessage(), decode(Golden.lockedPersist()));
        assertEquals(Golden.lockedNoPersistMessage(), decode(Golden.lockedNoPersist()));
        assertEquals(Golden.unlockedMessage(), decode(Golden.unlocked()));
        assertEquals(Golden.aliveMessage(Golden.FLAGS_LOCKED), decode(Golden.mtcAlive(Golden.FLAGS_LOCKED)));
        assertEquals(Golden.aliveMessage(Golden.FLAGS_UNLOCKED), decode(Golden.mtcAlive(Golden.FLAGS_UNLOCKED)));
    }

    @Test
    void reencodingADecodedCommandGivesTheSameBytes() throws MalformedMessageException {
        for (byte[] golden : new byte[][] {Golden.lockedPersist(), Golden.lockedNoPersist(), Golden.unlocked(),
            Golden.mtcAlive(Golden.FLAGS_LOCKED), Golden.mtcAlive(Golden.FLAGS_UNLOCKED)}) {
            assertArrayEquals(golden, codec.encode(decode(golden)));
        }
    }

    @Test
    void ackDecodesWithAnEmptyMacBecauseTheStringEndsAtHdr17() throws MalformedMessageException {
        MtcMessage ack = decode(Golden.lockedAck());

        assertEquals(new MtcMessage(Header.CMD_RSP, "", 1, 0, 0, Command.LOCKED, new int[] {1}, null), ack);
        assertNull(ack.payload());
        assertEquals(Command.LOCKED, ack.cmd());
        assertEquals(1, ack.parm(Command.PARM_LOCK_PERSIST));
    }

    @Test
    void zeroPaddedFullSizeDatagramIsValid() throws MalformedMessageException {
        byte[] full = Arrays.copyOf(Golden.lockedPersist(), 1060);

        assertEquals(Golden.lockedPersistMessage(), decode(full));
    }

    @Test
    void bytesAfterTheBufNulAreIgnored() throws MalformedMessageException {
        byte[] full = Arrays.copyOf(Golden.unlocked(), 1060);
        Arrays.fill(full, 148, 1060, (byte) 0xFF); // not even UTF-8

        assertEquals(Golden.unlockedMessage(), decode(full));
    }

    @Test
    void emptyPayloadIsAOneByteBuf() throws MalformedMessageException {
        MtcMessage m = MtcMessage.command(Command.SYNC, "", null, "");
        byte[] wire = codec.encode(m);

        assertEquals(101, wire.length);
        assertEquals("", decode(wire).payload());
    }

    @Test
    void unsignedFieldsDecodeToTheirBitPatterns() throws MalformedMessageException {
        byte[] wire = Datagram.ofLength(100).ascii(0, "mtce event msg  :")
                .bytes(64, 0xFF, 0xFF, 0x34, 0x12) // ver 65535, rev 0x1234
                .bytes(68, 0x78, 0x56, 0x34, 0x12) // res
                .bytes(72, 0xF0, 0xF0, 0xF0, 0xF0) // MTC_EVENT_MONITOR_READY
                .bytes(76, 0x05, 0x00, 0x00, 0x00)
                .bytes(96, 0xFF, 0xFF, 0xFF, 0xFF)
                .build();

        MtcMessage m = decode(wire);

        assertEquals(Header.EVENT, m.header());
        assertEquals(65535, m.ver());
        assertEquals(0x1234, m.rev());
        assertEquals(0x12345678, m.res());
        assertEquals(0xF0F0F0F0, m.cmd());
        assertEquals(4294967295L, Integer.toUnsignedLong(m.parm(4)));
        assertArrayEquals(wire, codec.encode(m));
    }

    @Test
    void nonAsciiPayloadIsCountedInUtf8Bytes() throws MalformedMessageException {
        MtcMessage m = MtcMessage.command(Command.INFO, "", null, "h\u00e9\u20ac\uD83D\uDE00"); // 1+2+3+4 bytes
        byte[] wire = codec.encode(m);

        assertEquals(100 + 10 + 1, wire.length);
        assertEquals(m, decode(wire));
    }

    @Test
    void decodesAtAnArrayOffset() throws MalformedMessageException {
        byte[] golden = Golden.lockedPersist();
        byte[] framed = new byte[golden.length + 10];
        Arrays.fill(framed, (byte) 0x7A);
        System.arraycopy(golden, 0, framed, 3, golden.length);

        assertEquals(Golden.lockedPersistMessage(), codec.decode(framed, 3, golden.length));
    }

    @Test
    void decodesHeapDirectAndReadOnlyBuffersWithoutMovingThem() throws MalformedMessageException {
        byte[] golden = Golden.mtcAlive(Golden.FLAGS_LOCKED);
        ByteBuffer heap = ByteBuffer.allocate(golden.length + 5);
        ByteBuffer direct = ByteBuffer.allocateDirect(golden.length + 5);
        for (ByteBuffer buffer : new ByteBuffer[] {heap, direct}) {
            buffer.put(new byte[] {9, 9, 9}).put(golden).flip().position(3);
        }
        ByteBuffer readOnly = heap.asReadOnlyBuffer();

        for (ByteBuffer buffer : new ByteBuffer[] {heap, direct, readOnly}) {
            assertEquals(Golden.aliveMessage(Golden.FLAGS_LOCKED), codec.decode(buffer));
            assertEquals(3, buffer.position());
            assertEquals(3 + golden.length, buffer.limit());
        }
    }

    @Test
    void payloadOfExactly959BytesFillsTheStruct() throws MalformedMessageException {
        MtcMessage m = MtcMessage.command(Command.INFO, Golden.MAC, null, "x".repeat(959));
        byte[] wire = codec.encode(m);

        assertEquals(1060, wire.length);
        assertEquals(0, wire[1059]);
        assertEquals(m, decode(wire));
    }

    @Test
    void payloadLongerThan959Utf8BytesIsRejected() {
        MtcMessage ascii = MtcMessage.command(Command.INFO, "", null, "x".repeat(960));
        MtcMessage twoByte = MtcMessage.command(Command.INFO, "", null, "\u00e9".repeat(480));

        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> codec.encode(ascii));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> codec.encode(twoByte));
        assertTrue(e1.getMessage().contains("960"), e1.getMessage());
        assertTrue(e1.getMessage().contains("959"), e1.getMessage());
        assertTrue(e2.getMessage().contains("960"), e2.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad \uD800 text", "\uDC00", "ends high \uD83D", "low first \uDE00\uD83D", "a?b \uD800"})
    void payloadWithAnUnpairedSurrogateIsRejected(String payload) {
        MtcMessage m = MtcMessage.command(Command.INFO, "", null, payload);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(m));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"what?", "?", "pair \uD83D\uDE00 and ?", "\u00e9?\u20ac"})
    void aQuestionMarkOrAPairedSurrogateIsEncodedAsItIs(String payload) throws MalformedMessageException {
        byte[] wire = codec.encode(MtcMessage.command(Command.INFO, "", null, payload));

        assertEquals(payload, codec.decode(wire, 0, wire.length).payload());
    }

    @Test
    void longestMacFitsTheHeaderForRequestsAndAcks() throws MalformedMessageException {
        String mac = "m".repeat(46);
        MtcMessage req = MtcMessage.command(Command.LOCKED, mac, null, null);
        byte[] reqWire = codec.encode(req);
        byte[] ackWire = codec.encode(MtcMessage.ackOf(req));

        assertEquals(0, reqWire[63]);
        assertEquals('m', reqWire[62]);
        assertEquals(req, decode(reqWire));
        assertEquals(0, ackWire[17]);
        assertEquals(0, ackWire[63]);
        assertEquals("", decode(ackWire).mac());
    }

    private MtcMessage decode(byte[] datagram) throws MalformedMessageException {
        return codec.decode(datagram, 0, datagram.length);
    }
}
