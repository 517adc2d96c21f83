package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-a-step scans against a byte-by-byte loop, at every offset and length, with NULs, high bytes,
 * control characters, quotes and backslashes anywhere.
 */
final class AsciiScanTest {
    private static final byte[] INTERESTING = {0, 1, 0x1f, 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xc3, 0x20, 0x41, '"',
        '\\', 0x21, 0x5b, 0x5d};

    @Test
    void agreeWithAByteByByteScanEverywhere() {
        Random random = new Random(0xA5C11L);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(48)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly printable ASCII, so that long runs without a NUL or a high byte occur
                bytes[i] = random.nextInt(6) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)]
                        : (byte) (0x21 + random.nextInt(0x5e));
            }
            for (int from = 0; from <= bytes.length; from++) {
                for (int to = from; to <= bytes.length; to++) {
                    assertEquals(naiveIndexOfNul(bytes, from, to), AsciiScan.indexOfNul(bytes, from, to));
                    assertEquals(naiveIsAscii(bytes, from, to), AsciiScan.isAscii(bytes, from, to));
                    assertEquals(naiveIndexOfJsonSpecial(bytes, from, to),
                            AsciiScan.indexOfJsonSpecial(bytes, from, to));
                }
            }
        }
    }

    @Test
    void aNulAfterAByteThatBorrowsIsStillFoundFirst() {
        // 0x01 then 0x00: the subtraction borrows across bytes, which must not hide or move the NUL.
        byte[] bytes = {0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x01, 0x00, 0x00, 0x41};
        assertEquals(7, AsciiScan.indexOfNul(bytes, 0, bytes.length));
        assertEquals(8, AsciiScan.indexOfNul(bytes, 8, bytes.length));
        assertEquals(-1, AsciiScan.indexOfNul(bytes, 0, 7));
    }

    private static int naiveIndexOfNul(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveIndexOfJsonSpecial(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) {
                return i;
            }
        }
        return -1;
    }

    private static boolean naiveIsAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
