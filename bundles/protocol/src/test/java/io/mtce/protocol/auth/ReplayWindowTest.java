package io.mtce.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    private static byte[] tag(int n) {
        return new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16)};
    }

    @Test
    void acceptsOnceWithinTheWindowEitherWay() {
        ReplayWindow w = new ReplayWindow(Duration.ofSeconds(10), 100);
        assertNull(w.admit(NOW - 9 * SECOND, tag(1), NOW));
        assertNull(w.admit(NOW + 9 * SECOND, tag(2), NOW));
        assertEquals(Rejection.REPLAYED, w.admit(NOW - 9 * SECOND, tag(1), NOW));
        assertNull(w.admit(NOW - 9 * SECOND, tag(3), NOW), "same stamp, another datagram");
        assertEquals(Rejection.STALE, w.admit(NOW - 11 * SECOND, tag(4), NOW));
        assertEquals(Rejection.STALE, w.admit(NOW + 11 * SECOND, tag(5), NOW));
    }

    @Test
    void forgetsWhatCanNoLongerBeReplayed() {
        ReplayWindow w = new ReplayWindow(Duration.ofSeconds(10), 100);
        for (int i = 0; i < 50; i++) {
            assertNull(w.admit(NOW + i, tag(i), NOW));
        }
        assertEquals(50, w.size());
        assertNull(w.admit(NOW + 20 * SECOND, tag(99), NOW + 20 * SECOND));
        assertEquals(1, w.size());
    }

    @Test
    void fullWindowForgetsTheOldestAndRefusesAnythingNotNewer() {
        ReplayWindow w = new ReplayWindow(Duration.ofSeconds(10), 3);
        assertNull(w.admit(NOW + 1, tag(1), NOW));
        assertNull(w.admit(NOW + 2, tag(2), NOW));
        assertNull(w.admit(NOW + 3, tag(3), NOW));
        assertNull(w.admit(NOW + 4, tag(4), NOW)); // forgets stamp NOW+1
        assertEquals(3, w.size());
        assertEquals(Rejection.STALE, w.admit(NOW + 1, tag(1), NOW), "a replay of the forgotten one");
        assertEquals(Rejection.REPLAYED, w.admit(NOW + 2, tag(2), NOW));
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(Duration.ofSeconds(1), 0));
    }
}
