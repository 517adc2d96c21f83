package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

    @Test
    void defaultIsLoopbackNamesAndTheBindAddress() {
        AllowedHosts h = AllowedHosts.of("", "192.0.2.7");
        assertEquals(Set.of("localhost", "127.0.0.1", "[::1]", "192.0.2.7"), h.names());
        assertTrue(h.allows("127.0.0.1:8089"));
        assertTrue(h.allows("LOCALHOST:8089"));
        assertTrue(h.allows("[::1]:8089"));
        assertTrue(h.allows("192.0.2.7"));
        assertEquals(AllowedHosts.LOCAL, AllowedHosts.of(null, "0.0.0.0").names());
    }

    @Test
    void aRebindingNameIsRefused() {
        AllowedHosts h = AllowedHosts.of("", "127.0.0.1");
        assertFalse(h.allows("evil.example:8089"));
        assertFalse(h.allows("127.0.0.1.evil.example:8089"));
        assertFalse(h.allows(null));
        assertFalse(h.allows(""));
    }

    @Test
    void configuredNamesReplaceTheDefault() {
        AllowedHosts h = AllowedHosts.of(" controller-0.example , ::1,10.0.0.5", null);
        assertEquals(Set.of("controller-0.example", "[::1]", "10.0.0.5"), h.names());
        assertFalse(h.allows("localhost:8089"));
    }

    @Test
    void namesFollowTheAgentsHostNameRule() {
        for (String bad : new String[] {"a/b", "../../etc", "-x", "x_y", "a..b", "x.", "300.1.1.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AllowedHosts.of(bad, null), bad);
            assertTrue(e.getMessage().contains("allowed.hosts"), e.getMessage());
        }
    }
}
