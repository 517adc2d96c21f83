package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a datagram can be rejected: the reason, where, and a message that says what is wrong. */
final class WireCodecMalformedTest {
    private final WireCodec codec = new WireCodec();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 99})
    void tooShort(int length) {
        byte[] datagram = Arrays.copyOf(Golden.lockedPersist(), length);

        MalformedMessageException e = rejected(datagram, Reason.TOO_SHORT, length);
        assertMentions(e, length + " bytes", "100");
    }

    @Test
    void tooShortThroughAByteBuffer() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(ByteBuffer.allocateDirect(7)));
        assertEquals(Reason.TOO_SHORT, e.reason());
    }

    @Test
    void tooLong() {
        byte[] datagram = Arrays.copyOf(Golden.lockedPersist(), 1061);

        MalformedMessageException e = rejected(datagram, Reason.TOO_LONG, 1060);
        assertMentions(e, "1061 bytes", "1060");
    }

    @Test
    void tooLongThroughAByteBuffer() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(ByteBuffer.allocate(65536)));
        assertEquals(Reason.TOO_LONG, e.reason());
    }

    @Test
    void unknownHeaderIsShownPrintably() {
        byte[] datagram = Golden.lockedPersist();
        datagram[14] = 'X'; // "cgts mtc cmd rXq" then 0x01 for the colon
        datagram[16] = 0x01;

        MalformedMessageException e = rejected(datagram, Reason.UNKNOWN_HEADER, 0);
        assertMentions(e, "known signature", "\"cgts mtc cmd rXq\\x01\"");
    }

    @Test
    void signatureIsCaseSensitive() {
        byte[] datagram = Golden.lockedAck();
        datagram[0] = 'C';

        rejected(datagram, Reason.UNKNOWN_HEADER, 0);
    }

    @Test
    void rawJsonServiceMessageIsNotAKnownHeader() {
        byte[] datagram = Datagram.ofLength(120).ascii(0, "{\"service\":\"x\"}").build();

        rejected(datagram, Reason.UNKNOWN_HEADER, 0);
    }

    @Test
    void headerWithoutNulInItsSixtyFourBytes() {
        byte[] datagram = Datagram.ofLength(100).ascii(0, "cgts mtc cmd req:").fill(17, 47, 'x').build();

        MalformedMessageException e = rejected(datagram, Reason.BAD_HEADER, 17);
        assertMentions(e, "no NUL", "17..63");
    }

    @Test
    void macWithAControlCharacter() {
        byte[] datagram = Golden.lockedPersist();
        datagram[20] = 0x07;

        MalformedMessageException e = rejected(datagram, Reason.BAD_HEADER, 20);
        assertMentions(e, "non-printable", "0x07");
    }

    @Test
    void macWithASpace() {
        byte[] datagram = Golden.lockedPersist();
        datagram[17] = ' ';

        MalformedMessageException e = rejected(datagram, Reason.BAD_HEADER, 17);
        assertMentions(e, "0x20");
    }

    @Test
    void macWithAHighByte() {
        byte[] datagram = Golden.lockedPersist();
        datagram[33] = (byte) 0xC3;

        MalformedMessageException e = rejected(datagram, Reason.BAD_HEADER, 33);
        assertMentions(e, "0xc3");
    }

    @Test
    void bytesAfterTheHeaderNulAreNotChecked() throws MalformedMessageException {
        byte[] datagram = Golden.lockedAck();
        datagram[40] = 0x01; // after hdr[34]'s NUL, as a stale buffer might hold

        assertEquals("", codec.decode(datagram, 0, datagram.length).mac());
    }

    @Test
    void numSix() {
        byte[] datagram = Golden.lockedPersist();
        datagram[76] = 0x06;

        MalformedMessageException e = rejected(datagram, Reason.BAD_NUM, 76);
        assertMentions(e, "num is 6", "5");
    }

    @Test
    void numAllOnesIsComparedUnsigned() {
        byte[] datagram = Datagram.ofLength(100).ascii(0, "cgts mtc cmd rsp:").fill(76, 4, 0xFF).build();

        MalformedMessageException e = rejected(datagram, Reason.BAD_NUM, 76);
        assertMentions(e, "4294967295");
    }

    @Test
    void bufWithoutNul() {
        byte[] datagram = Datagram.ofLength(110).ascii(0, "cgts mtc cmd req:").ascii(100, "0123456789").build();

        MalformedMessageException e = rejected(datagram, Reason.UNTERMINATED_BUF, 100);
        assertMentions(e, "no NUL", "10 bytes");
    }

    @Test
    void fullSizeBufWithoutNul() {
        byte[] datagram = Datagram.ofLength(1060).ascii(0, "cgts mtc cmd req:").fill(100, 960, 'j').build();

        MalformedMessageException e = rejected(datagram, Reason.UNTERMINATED_BUF, 100);
        assertMentions(e, "960 bytes");
    }

    @Test
    void truncatedMultiByteCharacter() {
        byte[] datagram = Datagram.ofLength(105).ascii(0, "cgts mtc cmd req:").ascii(100, "ab")
                .bytes(102, 0xC3, 0x28) // 0xC3 needs a continuation byte, '(' is not one
                .build();

        MalformedMessageException e = rejected(datagram, Reason.BAD_ENCODING, 102);
        assertMentions(e, "UTF-8", "0xc3");
    }

    @Test
    void loneContinuationByte() {
        byte[] datagram = Datagram.ofLength(102).ascii(0, "cgts mtc message:").bytes(100, 0x80).build();

        MalformedMessageException e = rejected(datagram, Reason.BAD_ENCODING, 100);
        assertMentions(e, "UTF-8", "0x80");
    }

    @Test
    void overlongNulIsNotAcceptedAsText() {
        byte[] datagram = Datagram.ofLength(104).ascii(0, "cgts mtc message:").ascii(100, "a")
                .bytes(101, 0xC0, 0x80).build();

        rejected(datagram, Reason.BAD_ENCODING, 101);
    }

    @Test
    void encodedSurrogateIsNotUtf8() {
        byte[] datagram = Datagram.ofLength(104).ascii(0, "cgts mtc message:")
                .bytes(100, 0xED, 0xA0, 0x80).build();

        rejected(datagram, Reason.BAD_ENCODING, 100);
    }

    @Test
    void sequenceCutOffByTheNul() {
        byte[] datagram = Datagram.ofLength(103).ascii(0, "cgts mtc message:").bytes(100, 0xE2, 0x82).build();

        rejected(datagram, Reason.BAD_ENCODING, 100);
    }

    @Test
    void rejectionIsReportedRelativeToTheDatagramNotTheArray() {
        byte[] golden = Golden.lockedPersist();
        golden[76] = 0x09;
        byte[] framed = new byte[golden.length + 50];
        System.arraycopy(golden, 0, framed, 50, golden.length);

        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(framed, 50, golden.length));
        assertEquals(Reason.BAD_NUM, e.reason());
        assertEquals(76, e.offset());
    }

    @Test
    void boundsOutsideTheArrayAreACallerError() {
        assertThrows(IndexOutOfBoundsException.class, () -> codec.decode(new byte[100], 1, 100));
    }

    private MalformedMessageException rejected(byte[] datagram, Reason reason, int offset) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(datagram, 0, datagram.length));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason + " at byte " + offset + ": "), e.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }
}
