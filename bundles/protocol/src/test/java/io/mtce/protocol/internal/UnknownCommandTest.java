package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MtcMessage;
import org.junit.jupiter.api.Test;

/** cmd is a plain number: codes this side does not know, and 24 as an old client sees it, still decode. */
final class UnknownCommandTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void unknownCodeDecodesAndIsNamedUnknown() throws MalformedMessageException {
        byte[] wire = Datagram.ofLength(148).ascii(0, "cgts mtc cmd req:").ascii(17, Golden.MAC)
                .bytes(64, 0x01, 0x00).bytes(72, 0x63, 0x00, 0x00, 0x00).ascii(100, Golden.COMMAND_JSON).build();

        MtcMessage m = codec.decode(wire, 0, wire.length);

        assertEquals(0x63, m.cmd());
        assertEquals("unknown", Command.name(m.cmd()));
        assertFalse(Command.isKnown(99));
        assertArrayEquals(wire, codec.encode(m));
    }

    @Test
    void oldClientAckOfUnlockedDecodesAsUnlocked() throws MalformedMessageException {
        // A client older than the UNLOCKED command does not know 24 but still acks it, cmd and parm unchanged.
        byte[] ack = Datagram.ofLength(100).ascii(0, "cgts mtc cmd rsp:").ascii(18, Golden.MAC.substring(1))
                .bytes(64, 0x01, 0x00).bytes(72, 24, 0x00, 0x00, 0x00).build();

        MtcMessage m = codec.decode(ack, 0, ack.length);

        assertEquals(Header.CMD_RSP, m.header());
        assertEquals(Command.UNLOCKED, m.cmd());
        assertEquals("unlocked msg", Command.name(24));
        assertTrue(Command.isKnown(24));
        assertEquals(0, m.num());
    }

    @Test
    void codesPastLastDecode() throws MalformedMessageException {
        for (int cmd : new int[] {Command.LAST, 0x7FFFFFFF, 0x80000000, 0x1B0000B1}) {
            MtcMessage m = MtcMessage.command(cmd, "", null, null);
            byte[] wire = codec.encode(m);

            assertEquals(m, codec.decode(wire, 0, wire.length));
            assertEquals("unknown", Command.name(cmd));
        }
    }
}
