package io.mtce.protocol.internal;

import java.nio.charset.StandardCharsets;

/**
 * Builds expected datagrams by hand: a zeroed array of the documented length with bytes set at documented offsets.
 * Deliberately independent of the code under test.
 */
final class Datagram {
    private final byte[] bytes;

    private Datagram(int length) {
        bytes = new byte[length];
    }

    static Datagram ofLength(int length) {
        return new Datagram(length);
    }

    /** Writes the ASCII characters of {@code text} from {@code offset}, without a NUL. */
    Datagram ascii(int offset, String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, offset, ascii.length);
        return this;
    }

    /** Writes raw byte values (0..255) from {@code offset}. */
    Datagram bytes(int offset, int... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte value: " + values[i]);
            }
            bytes[offset + i] = (byte) values[i];
        }
        return this;
    }

    /** Sets {@code count} bytes from {@code offset} to {@code value}. */
    Datagram fill(int offset, int count, int value) {
        for (int i = 0; i < count; i++) {
            bytes[offset + i] = (byte) value;
        }
        return this;
    }

    byte[] build() {
        return bytes.clone();
    }
}
