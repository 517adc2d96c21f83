package io.mtce.protocol.internal;

import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.WireFormat;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strictly validates one received datagram and turns it into an {@link MtcMessage}: the fixed part through
 * {@link MessageView}, then buf. Every check reports the offset, relative to the start of the datagram, where it
 * failed; nothing here throws anything else for any content.
 */
final class DatagramReader {

    private DatagramReader() {
    }

    /** Decodes {@code length} bytes from {@code base}; the caller has checked that they lie within the array. */
    static MtcMessage read(byte[] bytes, int base, int length) throws MalformedMessageException {
        MessageView fixed = new MessageView().wrap(bytes, base, length);
        int[] parms = new int[fixed.num()];
        for (int i = 0; i < parms.length; i++) {
            parms[i] = fixed.parm(i);
        }
        return new MtcMessage(fixed.header(), fixed.mac(), fixed.ver(), fixed.rev(), fixed.res(), fixed.cmd(), parms,
                payload(bytes, base, length));
    }

    /** @return null when no buf was sent (an ack), else the string up to buf's first NUL */
    private static String payload(byte[] bytes, int base, int length) throws MalformedMessageException {
        if (length == WireFormat.FIXED_SIZE) {
            return null;
        }
        int nul = AsciiScan.indexOfNul(bytes, base + WireFormat.OFFSET_BUF, base + length);
        if (nul < 0) {
            throw new MalformedMessageException(Reason.UNTERMINATED_BUF, WireFormat.OFFSET_BUF, "buf has no NUL in the "
                    + (length - WireFormat.OFFSET_BUF) + " bytes received");
        }
        return utf8(bytes, base, WireFormat.OFFSET_BUF, nul - base);
    }

    private static String utf8(byte[] bytes, int base, int from, int to) throws MalformedMessageException {
        if (AsciiScan.isAscii(bytes, base + from, base + to)) {
            // Every payload the C++ and Java peers send: one compact String, no decoder and no char buffer.
            return new String(bytes, base + from, to - from, StandardCharsets.ISO_8859_1);
        }
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
}
