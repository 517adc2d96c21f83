package io.mtce.protocol.internal;

import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.WireFormat;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strictly validates one received datagram and turns it into an {@link MtcMessage}. Every check reports the offset,
 * relative to the start of the datagram, where it failed; nothing here throws anything else for any content.
 */
final class DatagramReader {
    private static final Header[] HEADERS = Header.values();
    private static final byte[][] SIGNATURES = signatures();

    private final byte[] bytes;
    private final int base;
    private final int length;

    private DatagramReader(byte[] bytes, int base, int length) {
        this.bytes = bytes;
        this.base = base;
        this.length = length;
    }

    /** Decodes {@code length} bytes from {@code base}; the caller has checked that they lie within the array. */
    static MtcMessage read(byte[] bytes, int base, int length) throws MalformedMessageException {
        checkLength(length);
        return new DatagramReader(bytes, base, length).read();
    }

    /** The size checks, usable before copying a buffer of unknown size. */
    static void checkLength(int length) throws MalformedMessageException {
        if (length < WireFormat.FIXED_SIZE) {
            throw new MalformedMessageException(Reason.TOO_SHORT, length, "datagram is " + length
                    + " bytes; the fixed part (hdr to parm) needs " + WireFormat.FIXED_SIZE);
        }
        if (length > WireFormat.MESSAGE_SIZE) {
            throw new MalformedMessageException(Reason.TOO_LONG, WireFormat.MESSAGE_SIZE, "datagram is " + length
                    + " bytes; mtc_message_type is only " + WireFormat.MESSAGE_SIZE);
        }
    }

    private MtcMessage read() throws MalformedMessageException {
        Header header = header();
        String mac = mac();
        int num = u32(WireFormat.OFFSET_NUM);
        if (Integer.compareUnsigned(num, WireFormat.MAX_PARMS) > 0) {
            throw new MalformedMessageException(Reason.BAD_NUM, WireFormat.OFFSET_NUM, "num is "
                    + Integer.toUnsignedString(num) + "; parm holds at most " + WireFormat.MAX_PARMS);
        }
        int[] parms = new int[num];
        for (int i = 0; i < num; i++) {
            parms[i] = u32(WireFormat.OFFSET_PARM + 4 * i);
        }
        return new MtcMessage(header, mac, LittleEndian.u16(bytes, base + WireFormat.OFFSET_VER),
                LittleEndian.u16(bytes, base + WireFormat.OFFSET_REV), u32(WireFormat.OFFSET_RES),
                u32(WireFormat.OFFSET_CMD), parms, payload());
    }

    private Header header() throws MalformedMessageException {
        for (int h = 0; h < HEADERS.length; h++) {
            if (startsWith(SIGNATURES[h])) {
                return HEADERS[h];
            }
        }
        throw new MalformedMessageException(Reason.UNKNOWN_HEADER, 0,
                "hdr does not start with a known signature: \"" + printable(0, Header.SIGNATURE_LENGTH) + "\"");
    }

    private boolean startsWith(byte[] signature) {
        for (int i = 0; i < signature.length; i++) {
            if (bytes[base + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** The string after the signature: the target MAC in commands, empty when hdr[17] is the NUL. */
    private String mac() throws MalformedMessageException {
        int end = indexOfNul(WireFormat.OFFSET_MAC, WireFormat.HDR_SIZE);
        if (end < 0) {
            throw new MalformedMessageException(Reason.BAD_HEADER, WireFormat.OFFSET_MAC,
                    "hdr has no NUL terminator in bytes " + WireFormat.OFFSET_MAC + ".." + (WireFormat.HDR_SIZE - 1));
        }
        StringBuilder mac = new StringBuilder(end - WireFormat.OFFSET_MAC);
        for (int i = WireFormat.OFFSET_MAC; i < end; i++) {
            int b = bytes[base + i] & 0xFF;
            if (b < 0x21 || b > 0x7E) {
                throw new MalformedMessageException(Reason.BAD_HEADER, i, String.format(
                        "hdr MAC string has non-printable byte 0x%02x (expected ASCII 0x21..0x7e)", b));
            }
            mac.append((char) b);
        }
        return mac.toString();
    }

    /** @return null when no buf was sent (an ack), else the string up to buf's first NUL */
    private String payload() throws MalformedMessageException {
        if (length == WireFormat.FIXED_SIZE) {
            return null;
        }
        int end = indexOfNul(WireFormat.OFFSET_BUF, length);
        if (end < 0) {
            throw new MalformedMessageException(Reason.UNTERMINATED_BUF, WireFormat.OFFSET_BUF, "buf has no NUL in the "
                    + (length - WireFormat.OFFSET_BUF) + " bytes received");
        }
        return utf8(WireFormat.OFFSET_BUF, end);
    }

    private String utf8(int from, int to) throws MalformedMessageException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, base + from, to - from);
        // UTF-8 never yields more chars than bytes, so the output cannot overflow.
        CharBuffer out = CharBuffer.allocate(to - from);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position() - base;
            throw new MalformedMessageException(Reason.BAD_ENCODING, at, String.format(
                    "buf is not valid UTF-8: %d malformed byte(s) starting with 0x%02x", result.length(),
                    bytes[base + at] & 0xFF));
        }
        return out.flip().toString();
    }

    private int indexOfNul(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[base + i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private int u32(int offset) {
        return LittleEndian.u32(bytes, base + offset);
    }

    private String printable(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = bytes[base + i] & 0xFF;
            if (b >= 0x20 && b <= 0x7E && b != '\\' && b != '"') {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        return s.toString();
    }

    private static byte[][] signatures() {
        byte[][] signatures = new byte[HEADERS.length][];
        for (int h = 0; h < HEADERS.length; h++) {
            signatures[h] = HEADERS[h].bytes();
        }
        return signatures;
    }
}
