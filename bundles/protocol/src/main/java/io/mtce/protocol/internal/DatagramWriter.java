package io.mtce.protocol.internal;

import io.mtce.protocol.Header;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.WireFormat;
import java.nio.charset.StandardCharsets;

/** Lays out an {@link MtcMessage} exactly as the C++ senders fill and send {@code mtc_message_type}. */
final class DatagramWriter {

    private DatagramWriter() {
    }

    static byte[] write(MtcMessage message) {
        byte[] payload = message.hasPayload() ? utf8(message.payload()) : null;
        byte[] out = new byte[datagramLength(payload)];
        writeFixedPart(out, message.header(), message.mac(), message.ver(), message.rev(), message.res(),
                message.cmd(), message.parms());
        if (payload != null) {
            // The NUL after the payload is already there: the array starts zeroed.
            System.arraycopy(payload, 0, out, WireFormat.OFFSET_BUF, payload.length);
        }
        return out;
    }

    /** Only the used part of buf is sent: its string and NUL, or nothing at all. */
    private static int datagramLength(byte[] payload) {
        if (payload == null) {
            return WireFormat.FIXED_SIZE;
        }
        if (payload.length > WireFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload is " + payload.length + " UTF-8 bytes; buf holds at most "
                    + WireFormat.MAX_PAYLOAD_BYTES + " plus its NUL");
        }
        return WireFormat.FIXED_SIZE + payload.length + 1;
    }

    /** hdr to parm, the first 100 bytes, into a zeroed {@code out}; {@code mac} is printable ASCII (see MtcMessage). */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, no copy
    static void writeFixedPart(byte[] out, Header header, String mac, int ver, int rev, int res, int cmd,
            int[] parms) {
        header.text().getBytes(0, Header.SIGNATURE_LENGTH, out, 0);
        if (header == Header.CMD_RSP) {
            // The client writes "rsp:"+NUL over a request header that held "req:"+MAC+NUL, so the NUL lands on
            // the MAC's first character and the rest of the MAC survives after it.
            if (!mac.isEmpty()) {
                mac.getBytes(1, mac.length(), out, WireFormat.OFFSET_MAC + 1);
            }
        } else {
            mac.getBytes(0, mac.length(), out, WireFormat.OFFSET_MAC);
        }
        LittleEndian.putU16(out, WireFormat.OFFSET_VER, ver);
        LittleEndian.putU16(out, WireFormat.OFFSET_REV, rev);
        LittleEndian.putU32(out, WireFormat.OFFSET_RES, res);
        LittleEndian.putU32(out, WireFormat.OFFSET_CMD, cmd);
        LittleEndian.putU32(out, WireFormat.OFFSET_NUM, parms.length);
        for (int i = 0; i < parms.length; i++) {
            LittleEndian.putU32(out, WireFormat.OFFSET_PARM + 4 * i, parms[i]);
        }
    }

    private static byte[] utf8(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8); // intrinsic, and a plain copy for ASCII
        // getBytes writes '?' for an unpaired surrogate, which UTF-8 cannot carry: only then look for one.
        if (AsciiScan.indexOf(bytes, 0, bytes.length, (byte) '?') >= 0) {
            checkSurrogatesArePaired(payload);
        }
        return bytes;
    }

    private static void checkSurrogatesArePaired(String payload) {
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < payload.length()
                        && Character.isLowSurrogate(payload.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("payload is not encodable as UTF-8 (unpaired surrogate)");
                }
                i++;
            }
        }
    }
}
