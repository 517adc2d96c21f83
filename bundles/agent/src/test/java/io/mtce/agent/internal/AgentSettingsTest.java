package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class AgentSettingsTest {

    private static AgentSettings settings(Map<String, Object> props) {
        return AgentSettings.from(Converters.standardConverter().convert(props).to(AgentConfig.class));
    }

    private static String error(String key, Object value) {
        Map<String, Object> props = new HashMap<>();
        props.put(key, value);
        return assertThrows(IllegalArgumentException.class, () -> settings(props)).getMessage();
    }

    @Test
    void defaults() {
        AgentSettings s = settings(Map.of());

        assertEquals(Path.of("/var/lib/mtce/inventory.json"), s.inventoryPath());
        assertFalse(s.simplex());
        assertEquals(250, s.retryInitialMs());
        assertEquals(5000, s.retryMaxMs());
        assertEquals(7000, s.onlineAuditMs());
        assertEquals(10000, s.pxebootMonitorMs());
        assertEquals(6, s.pxebootMissThreshold());
        assertEquals(2, s.pxebootLossThreshold());
        assertEquals("", s.address(Network.PXEBOOT));
    }

    @Test
    void configuredValues() {
        AgentSettings s = settings(Map.of("inventory.path", "/tmp/x/inventory.json", "simplex", "true",
                "mgmt.address", "192.168.204.2", "retry.initial.ms", "100"));

        assertEquals(Path.of("/tmp/x/inventory.json"), s.inventoryPath());
        assertTrue(s.simplex());
        assertEquals("192.168.204.2", s.address(Network.MANAGEMENT));
        assertEquals(100, s.retryInitialMs());
    }

    @Test
    void errorsNameTheKey() {
        assertTrue(error("inventory.path", "inventory.json").startsWith("inventory.path must be an absolute"));
        assertTrue(error("inventory.path", " ").startsWith("inventory.path "));
        assertEquals("mgmt.address must be an IP address literal, got 'controller'",
                error("mgmt.address", "controller"));
        assertTrue(error("retry.initial.ms", 0).startsWith("retry.initial.ms "));
        assertTrue(error("retry.max.ms", 100).startsWith("retry.max.ms must be at least retry.initial.ms"));
        assertTrue(error("online.audit.ms", -1).startsWith("online.audit.ms "));
        assertTrue(error("pxeboot.monitor.ms", 0).startsWith("pxeboot.monitor.ms "));
        assertTrue(error("pxeboot.miss.threshold", 0).startsWith("pxeboot.miss.threshold "));
        assertTrue(error("pxeboot.loss.threshold", 0).startsWith("pxeboot.loss.threshold "));
    }
}
