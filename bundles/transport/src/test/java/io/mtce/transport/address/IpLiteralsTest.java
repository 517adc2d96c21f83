package io.mtce.transport.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    @Test
    void parsesIpv4AndIpv6Literals() {
        assertEquals("192.168.204.11", IpLiterals.parse("k", " 192.168.204.11 ").getHostAddress());
        assertTrue(IpLiterals.parse("k", "fd00::1") instanceof Inet6Address);
    }

    @Test
    void refusesHostNamesAndBadOctetsNamingTheKey() {
        for (String bad : new String[] {"controller", "localhost", "256.1.1.1", "1.2.3", "", "fd00::zz"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IpLiterals.parse("mgmt.ip", bad), bad);
            assertTrue(e.getMessage().startsWith("mgmt.ip must be an IP address literal"), e.getMessage());
        }
    }

    @Test
    void recognisesMacs() {
        assertTrue(IpLiterals.isMac("02:00:00:00:00:0a"));
        assertFalse(IpLiterals.isMac("02:00:00:00:00"));
        assertFalse(IpLiterals.isMac(null));
    }
}
