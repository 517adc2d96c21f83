package io.mtce.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class ClientSettingsTest {

    private static Map<String, Object> valid() {
        Map<String, Object> props = new HashMap<>();
        props.put("hostname", "worker-1");
        props.put("mgmt.mac", "02:00:00:00:00:01");
        props.put("mgmt.ip", "192.168.204.11");
        props.put("controller.mgmt", new String[] {"192.168.204.2"});
        props.put("controller.cluster", new String[] {"192.168.206.3", "fd00::4"});
        return props;
    }

    private static ClientSettings settings(Map<String, Object> props) {
        return ClientSettings.from(Converters.standardConverter().convert(props).to(ClientConfig.class));
    }

    private static String error(Map<String, Object> props) {
        return assertThrows(IllegalArgumentException.class, () -> settings(props)).getMessage();
    }

    @Test
    void defaultsApply() {
        ClientSettings s = settings(valid());

        assertEquals("worker", s.personality());
        assertEquals(5000, s.periodMs());
        assertEquals(1000, s.firstDelayMs());
        assertFalse(s.legacyNoUnlocked());
        assertEquals("", s.clusterHostIp());
        assertEquals(2, s.controllers(Network.CLUSTER_HOST).size());
        assertEquals(List.of(), s.controllers(Network.PXEBOOT));
    }

    @Test
    void configuredValuesAreRead() {
        Map<String, Object> props = valid();
        props.put("mtcalive.period.ms", "1000");
        props.put("legacy.no.unlocked", "true");
        ClientSettings s = settings(props);

        assertEquals(1000, s.periodMs());
        assertTrue(s.legacyNoUnlocked());
    }

    @Test
    void blankHostnameIsRejected() {
        Map<String, Object> props = valid();
        props.put("hostname", " ");
        assertTrue(error(props).startsWith("hostname "));
    }

    @Test
    void missingOrMalformedMacIsRejected() {
        Map<String, Object> props = valid();
        props.remove("mgmt.mac");
        assertTrue(error(props).startsWith("mgmt.mac must not be blank"));
        props.put("mgmt.mac", "02:00:00:00:00");
        assertTrue(error(props).startsWith("mgmt.mac must be a MAC address"));
    }

    @Test
    void nonPositivePeriodIsRejected() {
        Map<String, Object> props = valid();
        props.put("mtcalive.period.ms", 0L);
        assertTrue(error(props).startsWith("mtcalive.period.ms "));
    }

    @Test
    void hostnamesAreNotAcceptedWhereAnIpLiteralIsRequired() {
        Map<String, Object> props = valid();
        props.put("controller.mgmt", new String[] {"controller"});
        assertEquals("controller.mgmt must be an IP address literal, got 'controller'", error(props));

        props = valid();
        props.put("pxeboot.ip", "300.1.1.1");
        assertTrue(error(props).startsWith("pxeboot.ip "));

        props = valid();
        props.put("controller.cluster", new String[] {"fe80::zz"});
        assertTrue(error(props).startsWith("controller.cluster "));
    }
}
