package io.mtce.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One immutable maintenance message: the fields of {@code mtc_message_type}. {@code parms} holds exactly
 * {@code num} entries; unsigned 32-bit fields are carried in Java {@code int}s (use
 * {@link Integer#toUnsignedLong(int)} to print them). A {@code null} payload means no {@code buf} is sent, as in
 * acknowledgements (exactly 100 bytes on the wire).
 */
public final class MtcMessage {
    private final Header header;
    private final String mac;
    private final int ver;
    private final int rev;
    private final int res;
    private final int cmd;
    private final int[] parms;
    private final String payload;

    /**
     * @param header  the signature
     * @param mac     the string after the signature in {@code hdr} (the target MAC of a command), or "" for none
     * @param ver     u16
     * @param rev     u16
     * @param res     u32, normally 0
     * @param cmd     u32 command code
     * @param parms   0 to 5 parameters; their count is {@code num}
     * @param payload the {@code buf} string, or {@code null} when the message carries no buf
     * @throws IllegalArgumentException when a field does not fit the wire format
     */
    public MtcMessage(Header header, String mac, int ver, int rev, int res, int cmd, int[] parms, String payload) {
        this.header = Objects.requireNonNull(header, "header");
        this.mac = mac == null ? "" : mac;
        this.ver = checkU16("ver", ver);
        this.rev = checkU16("rev", rev);
        this.res = res;
        this.cmd = cmd;
        this.parms = parms == null ? new int[0] : parms.clone();
        this.payload = payload;
        if (this.parms.length > WireFormat.MAX_PARMS) {
            throw new IllegalArgumentException("num " + this.parms.length + " exceeds " + WireFormat.MAX_PARMS);
        }
        if (this.mac.length() > WireFormat.HDR_SIZE - Header.SIGNATURE_LENGTH - 1) {
            throw new IllegalArgumentException("mac string of " + this.mac.length() + " chars does not fit hdr");
        }
        for (int i = 0; i < this.mac.length(); i++) {
            char c = this.mac.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("mac string has a non-printable character at index " + i);
            }
        }
        if (payload != null && payload.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("payload contains a NUL character");
        }
    }

    /** An agent command (ver 1, rev 0) addressed to the host with management MAC {@code mac}. */
    public static MtcMessage command(int cmd, String mac, int[] parms, String payload) {
        return new MtcMessage(Header.CMD_REQ, mac, WireFormat.CMD_VERSION, WireFormat.CMD_REVISION, 0, cmd, parms,
                payload);
    }

    /**
     * The client's acknowledgement of {@code command}: same ver/rev/res/cmd/num/parm, response header, no buf. Like
     * the C++ client it writes the response signature over the request's, so {@code mac} is kept for the bytes
     * after the new NUL.
     */
    public static MtcMessage ackOf(MtcMessage command) {
        return new MtcMessage(Header.CMD_RSP, command.mac, command.ver, command.rev, command.res, command.cmd,
                command.parms, null);
    }

    private static int checkU16(String name, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(name + " " + v + " is not an unsigned 16-bit value");
        }
        return v;
    }

    public Header header() {
        return header;
    }

    public String mac() {
        return mac;
    }

    public int ver() {
        return ver;
    }

    public int rev() {
        return rev;
    }

    public int res() {
        return res;
    }

    public int cmd() {
        return cmd;
    }

    /** {@code num}: how many parameters are valid. */
    public int num() {
        return parms.length;
    }

    /** @return parameter {@code index}, or 0 when {@code index >= num} (the C++ struct is zero-filled) */
    public int parm(int index) {
        return index < parms.length ? parms[index] : 0;
    }

    public int[] parms() {
        return parms.clone();
    }

    /** @return the buf string, or {@code null} when the message carries none */
    public String payload() {
        return payload;
    }

    public boolean hasPayload() {
        return payload != null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MtcMessage)) {
            return false;
        }
        MtcMessage m = (MtcMessage) o;
        return header == m.header && mac.equals(m.mac) && ver == m.ver && rev == m.rev && res == m.res
                && cmd == m.cmd && Arrays.equals(parms, m.parms) && Objects.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, mac, ver, rev, res, cmd, Arrays.hashCode(parms), payload);
    }

    @Override
    public String toString() {
        return header.name() + "{cmd=" + cmd + " (" + Command.name(cmd) + "), ver=" + ver + ", mac='" + mac
                + "', parms=" + Arrays.toString(parms) + (payload == null ? "" : ", payload=" + payload) + "}";
    }
}
