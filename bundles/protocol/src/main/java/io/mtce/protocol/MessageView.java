package io.mtce.protocol;

import io.mtce.protocol.MalformedMessageException.Reason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An allocation-free reader of a datagram's fixed part (hdr to parm, its first 100 bytes), for receive loops that
 * look at every message. {@code wrap} validates the fixed part exactly as {@link MessageCodec#decode} does, with
 * the same reasons, offsets and messages; the accessors then read the fields in place. {@code buf} is neither
 * validated nor read: decode the message when its payload is needed.
 *
 * <p>Reusable and mutable: keep one per receiving thread and do not change the bytes while they are viewed. Only
 * {@link #mac()} and a rejection allocate.
 */
public final class MessageView {
    private static final Header[] HEADERS = Header.values();
    private static final byte[][] SIGNATURES = signatures();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Each signature's bytes 0..7 and 8..15 as little-endian longs; byte 16 is compared on its own. */
    private static final long[][] SIGNATURE_WORDS = signatureWords();

    private byte[] array;
    private ByteBuffer buffer;
    private int base;
    private int length;
    private Header header;
    private int macEnd;
    private int num;

    /** An empty view; {@link #wrap} it onto a datagram before reading. */
    public MessageView() {
        // Nothing wrapped yet.
    }

    /**
     * Views {@code length} bytes of {@code datagram} from {@code offset}, validating the fixed part.
     *
     * @return this view
     * @throws MalformedMessageException when the bytes are not a valid fixed part; the view is then empty
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not lie within {@code datagram}
     */
    public MessageView wrap(byte[] datagram, int offset, int length) throws MalformedMessageException {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        return validate(datagram, null, offset, length);
    }

    /** Views the remaining bytes of {@code datagram}; its position and limit are left unchanged. */
    public MessageView wrap(ByteBuffer datagram) throws MalformedMessageException {
        if (datagram.hasArray()) {
            return validate(datagram.array(), null, datagram.arrayOffset() + datagram.position(),
                    datagram.remaining());
        }
        return validate(null, datagram, datagram.position(), datagram.remaining());
    }

    private static void checkLength(int length) throws MalformedMessageException {
        if (length < WireFormat.FIXED_SIZE) {
            throw new MalformedMessageException(Reason.TOO_SHORT, length, "datagram is " + length
                    + " bytes; the fixed part (hdr to parm) needs " + WireFormat.FIXED_SIZE);
        }
        if (length > WireFormat.MESSAGE_SIZE) {
            throw new MalformedMessageException(Reason.TOO_LONG, WireFormat.MESSAGE_SIZE, "datagram is " + length
                    + " bytes; mtc_message_type is only " + WireFormat.MESSAGE_SIZE);
        }
    }

    private MessageView validate(byte[] bytes, ByteBuffer buf, int from, int size) throws MalformedMessageException {
        header = null;
        array = bytes;
        buffer = buf;
        base = from;
        length = size;
        checkLength(size);
        Header h = findHeader();
        macEnd = findMacEnd();
        int n = u32(WireFormat.OFFSET_NUM);
        if (Integer.compareUnsigned(n, WireFormat.MAX_PARMS) > 0) {
            throw new MalformedMessageException(Reason.BAD_NUM, WireFormat.OFFSET_NUM, "num is "
                    + Integer.toUnsignedString(n) + "; parm holds at most " + WireFormat.MAX_PARMS);
        }
        num = n;
        header = h;
        return this;
    }

    private Header findHeader() throws MalformedMessageException {
        if (array != null) {
            // Three loads instead of a byte loop: length >= 100 was checked, so bytes 0..16 are there.
            long first = (long) LONGS.get(array, base);
            long second = (long) LONGS.get(array, base + Long.BYTES);
            byte last = array[base + 2 * Long.BYTES];
            for (int h = 0; h < HEADERS.length; h++) {
                if (first == SIGNATURE_WORDS[h][0] && second == SIGNATURE_WORDS[h][1]
                        && last == SIGNATURES[h][2 * Long.BYTES]) {
                    return HEADERS[h];
                }
            }
        } else {
            for (int h = 0; h < HEADERS.length; h++) {
                if (startsWith(SIGNATURES[h])) {
                    return HEADERS[h];
                }
            }
        }
        throw new MalformedMessageException(Reason.UNKNOWN_HEADER, 0,
                "hdr does not start with a known signature: \"" + printable(0, Header.SIGNATURE_LENGTH) + "\"");
    }

    private boolean startsWith(byte[] signature) {
        for (int i = 0; i < signature.length; i++) {
            if (byteAt(i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** The end of the string after the signature: its NUL, every byte before it printable. */
    private int findMacEnd() throws MalformedMessageException {
        int end = WireFormat.OFFSET_MAC;
        while (end < WireFormat.HDR_SIZE && byteAt(end) != 0) {
            end++;
        }
        if (end == WireFormat.HDR_SIZE) {
            throw new MalformedMessageException(Reason.BAD_HEADER, WireFormat.OFFSET_MAC,
                    "hdr has no NUL terminator in bytes " + WireFormat.OFFSET_MAC + ".." + (WireFormat.HDR_SIZE - 1));
        }
        for (int i = WireFormat.OFFSET_MAC; i < end; i++) {
            int b = byteAt(i) & 0xFF;
            if (b < 0x21 || b > 0x7E) {
                throw new MalformedMessageException(Reason.BAD_HEADER, i, String.format(
                        "hdr MAC string has non-printable byte 0x%02x (expected ASCII 0x21..0x7e)", b));
            }
        }
        return end;
    }

    private void checkWrapped() {
        if (header == null) {
            throw new IllegalStateException("no valid message is wrapped");
        }
    }

    /** The datagram's length in bytes: 100 for an ack, more when it carries buf. */
    public int length() {
        checkWrapped();
        return length;
    }

    public Header header() {
        checkWrapped();
        return header;
    }

    public int ver() {
        checkWrapped();
        return u16(WireFormat.OFFSET_VER);
    }

    public int rev() {
        checkWrapped();
        return u16(WireFormat.OFFSET_REV);
    }

    public int res() {
        checkWrapped();
        return u32(WireFormat.OFFSET_RES);
    }

    public int cmd() {
        checkWrapped();
        return u32(WireFormat.OFFSET_CMD);
    }

    /** {@code num}: how many parameters are valid, 0 to 5. */
    public int num() {
        checkWrapped();
        return num;
    }

    /**
     * @return parameter {@code index}, or 0 when {@code index >= num}, as {@link MtcMessage#parm}
     * @throws IndexOutOfBoundsException when {@code index} is negative
     */
    public int parm(int index) {
        checkWrapped();
        if (index < 0) {
            throw new IndexOutOfBoundsException("parm index " + index);
        }
        return index < num ? u32(WireFormat.OFFSET_PARM + 4 * index) : 0;
    }

    /** Whether the datagram carries buf (anything after the fixed part). */
    public boolean hasPayload() {
        checkWrapped();
        return length > WireFormat.FIXED_SIZE;
    }

    /** The string after the signature in hdr, as {@link MtcMessage#mac()}; allocates, unlike the rest. */
    public String mac() {
        checkWrapped();
        StringBuilder mac = new StringBuilder(macEnd - WireFormat.OFFSET_MAC);
        for (int i = WireFormat.OFFSET_MAC; i < macEnd; i++) {
            mac.append((char) byteAt(i));
        }
        return mac.toString();
    }

    /** Whether {@link #mac()} equals {@code mac}, without building it. */
    public boolean macEquals(CharSequence mac) {
        return macMatches(mac, false);
    }

    /** Whether {@link #mac()} {@link String#equalsIgnoreCase equalsIgnoreCase} {@code mac}, without building it. */
    public boolean macEqualsIgnoreCase(CharSequence mac) {
        return macMatches(mac, true);
    }

    private boolean macMatches(CharSequence mac, boolean ignoreCase) {
        checkWrapped();
        if (mac.length() != macEnd - WireFormat.OFFSET_MAC) {
            return false;
        }
        for (int i = 0; i < mac.length(); i++) {
            char a = (char) byteAt(WireFormat.OFFSET_MAC + i);
            char b = mac.charAt(i);
            if (a != b && !(ignoreCase && sameIgnoringCase(a, b))) {
                return false;
            }
        }
        return true;
    }

    /** The per-character rule of {@link String#regionMatches(boolean, int, String, int, int)}. */
    private static boolean sameIgnoringCase(char a, char b) {
        char ua = Character.toUpperCase(a);
        char ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }

    private byte byteAt(int offset) {
        return array != null ? array[base + offset] : buffer.get(base + offset);
    }

    private int u16(int at) {
        return (byteAt(at) & 0xFF) | (byteAt(at + 1) & 0xFF) << 8;
    }

    private int u32(int at) {
        return (byteAt(at) & 0xFF) | (byteAt(at + 1) & 0xFF) << 8 | (byteAt(at + 2) & 0xFF) << 16
                | (byteAt(at + 3) & 0xFF) << 24;
    }

    private String printable(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = byteAt(i) & 0xFF;
            if (b >= 0x20 && b <= 0x7E && b != '\\' && b != '"') {
                s.append((char) b);
            } else {
                s.append(String.format("\\x%02x", b));
            }
        }
        return s.toString();
    }

    private static long[][] signatureWords() {
        long[][] words = new long[SIGNATURES.length][];
        for (int h = 0; h < SIGNATURES.length; h++) {
            words[h] = new long[] {(long) LONGS.get(SIGNATURES[h], 0), (long) LONGS.get(SIGNATURES[h], Long.BYTES)};
        }
        return words;
    }

    private static byte[][] signatures() {
        byte[][] signatures = new byte[HEADERS.length][];
        for (int h = 0; h < HEADERS.length; h++) {
            signatures[h] = HEADERS[h].bytes();
        }
        return signatures;
    }
}
