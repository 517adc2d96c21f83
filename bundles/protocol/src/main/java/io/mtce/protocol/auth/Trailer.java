package io.mtce.protocol.auth;

import io.mtce.protocol.WireFormat;

/**
 * The authentication trailer appended after buf's NUL (docs/security.md):
 *
 * <pre>
 * offset size field
 *  0      4   magic 00 'M' 'T' 'A' (the leading NUL can never occur inside a C string)
 *  4      1   version, 1
 *  5      1   flags: bit 0 = the message has no buf (an ack); the NUL before the trailer is padding
 *  6      1   key id
 *  7      1   reserved, 0
 *  8      8   stamp: microseconds since the epoch, little-endian, strictly increasing per sender
 * 16     32   HMAC-SHA-256 over every byte of the datagram before this field
 * </pre>
 */
final class Trailer {
    static final int SIZE = 48;
    static final int VERSION = 1;
    static final int FLAG_NO_BUF = 0x01;
    static final int OFFSET_VERSION = 4;
    static final int OFFSET_FLAGS = 5;
    static final int OFFSET_KEY_ID = 6;
    static final int OFFSET_RESERVED = 7;
    static final int OFFSET_STAMP = 8;
    static final int OFFSET_MAC = 16;
    static final int MAC_SIZE = 32;
    /** The shortest signed datagram: an ack (100 bytes), the NUL of an empty buf, the trailer. */
    static final int MIN_SIGNED = WireFormat.FIXED_SIZE + 1 + SIZE;
    private static final byte[] MAGIC = {0x00, 'M', 'T', 'A'};

    private Trailer() {
    }

    /** Whether the last {@link #SIZE} bytes of the datagram start with the magic. */
    static boolean present(byte[] bytes, int offset, int length) {
        if (length < MIN_SIGNED) {
            return false;
        }
        int at = offset + length - SIZE;
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static void putMagic(byte[] out, int at) {
        System.arraycopy(MAGIC, 0, out, at, MAGIC.length);
    }

    static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFFL);
        }
        return v;
    }

    static void putU64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
