package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdSettingsTest {

    @Test
    void endpointsMayBeCommaSeparatedOrSeveralValues() {
        assertEquals(List.of(URI.create("http://a:2379/"), URI.create("http://b:2379/"), URI.create("http://c:1/")),
                EtcdSettings.endpoints(new String[] {"http://a:2379, http://b:2379", "http://c:1"}));
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        String e1 = assertThrows(IllegalArgumentException.class,
                () -> EtcdSettings.endpoints(new String[] {"https://a:2379"})).getMessage();
        assertTrue(e1.contains("etcd.endpoints") && e1.contains("https://a:2379"), e1);
        String e2 = assertThrows(IllegalArgumentException.class,
                () -> EtcdSettings.endpoints(new String[] {"http://a"})).getMessage();
        assertTrue(e2.contains("http://host:port"), e2);
        List<URI> one = List.of(URI.create("http://a:1/"));
        String e3 = assertThrows(IllegalArgumentException.class, () -> new EtcdSettings(one, "mtce",
                Duration.ofSeconds(1), 2, Duration.ofMillis(500), "c0")).getMessage();
        assertTrue(e3.contains("etcd.prefix") && e3.contains("'mtce'"), e3);
        String e4 = assertThrows(IllegalArgumentException.class, () -> new EtcdSettings(one, "/mtce/",
                Duration.ofSeconds(1), 0, Duration.ZERO, "c0")).getMessage();
        assertTrue(e4.contains("etcd.lease.ttl.s"), e4);
        String e5 = assertThrows(IllegalArgumentException.class, () -> new EtcdSettings(List.of(), "/mtce/",
                Duration.ofSeconds(1), 2, Duration.ofMillis(500), "c0")).getMessage();
        assertTrue(e5.contains("etcd.endpoints"), e5);
    }
}
