package io.mtce.transport.address;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    @Test
    void dnsHostNamesPass() {
        for (String name : new String[] {"controller-0", "worker-12.example.org", "a", "x".repeat(63),
            ("a".repeat(63) + ".").repeat(3) + "a".repeat(61)}) {
            assertTrue(HostNames.isDnsName(name), name);
        }
    }

    @Test
    void anythingElseFails() {
        for (String name : new String[] {null, "", "a/b", "../../etc", "-a", "a-", "a..b", "a.", "a b", "a_b",
            "x".repeat(64), ("a".repeat(63) + ".").repeat(3) + "a".repeat(62)}) {
            assertFalse(HostNames.isDnsName(name), String.valueOf(name));
        }
    }
}
