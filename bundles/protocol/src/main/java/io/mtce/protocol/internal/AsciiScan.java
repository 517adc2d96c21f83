package io.mtce.protocol.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte scans over a buf, eight bytes per step (SWAR): where a byte (its NUL, say) or the end of a plain JSON string
 * is, and whether it is all ASCII.
 */
final class AsciiScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private AsciiScan() {
    }

    /** The index of the first 0 byte in {@code [from, to)}, or -1 when there is none. */
    static int indexOfNul(byte[] bytes, int from, int to) {
        return indexOf(bytes, from, to, (byte) 0);
    }

    /** The index of the first {@code b} in {@code [from, to)}, or -1 when there is none. */
    static int indexOf(byte[] bytes, int from, int to, byte b) {
        long pattern = ONES * (b & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            // The lowest byte that is 0 sets its high bit here; bytes above it may too, but it comes first.
            long zeros = (word - ONES) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the first byte in {@code [from, to)} that a JSON string cannot hold as it is: a quote, a backslash,
     * a control character below 0x20 or a byte of 0x80 or above; -1 when there is none.
     */
    static int indexOfJsonSpecial(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long special = jsonSpecial((long) LONGS.get(bytes, i));
            if (special != 0) {
                // The tests below only raise false alarms above a true one, so the lowest flagged byte is special.
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || b < 0x20) { // bytes >= 0x80 are negative
                return i;
            }
        }
        return -1;
    }

    /** The high bit of each byte of {@code word} that may be a quote, a backslash, below 0x20 or above 0x7f. */
    private static long jsonSpecial(long word) {
        long quote = word ^ (ONES * '"');
        long backslash = word ^ (ONES * '\\');
        return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (word - ONES * 0x20) & ~word | word)
                & HIGH_BITS;
    }

    /** Whether every byte in {@code [from, to)} is below 0x80. */
    static boolean isAscii(byte[] bytes, int from, int to) {
        int i = from;
        long high = 0;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < to; i++) {
            high |= bytes[i];
        }
        return (high & HIGH_BITS) == 0; // a byte >= 0x80 sign-extends into every high bit
    }
}
