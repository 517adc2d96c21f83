package io.mtce.web.internal;

import static io.mtce.web.internal.JsonTree.list;
import static io.mtce.web.internal.JsonTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.NetworkStatus;
import io.mtce.agent.PendingAction;
import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmSeverity;
import io.mtce.protocol.Network;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostJsonTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:10Z");

    private static HostStatus worker() {
        HostSpec spec = new HostSpec("worker-1", "02:00:00:00:00:01", "worker",
                Map.of(Network.MANAGEMENT, "192.168.204.11", Network.CLUSTER_HOST, "192.168.206.11"));
        NetworkStatus mgmt = new NetworkStatus(Network.MANAGEMENT, Instant.parse("2026-11-22T10:00:08.500Z"), 42,
                40, 2, Instant.parse("2026-11-22T10:00:05Z"));
        return new HostStatus(spec, AdminState.UNLOCKED, PendingAction.LOCK, Boolean.TRUE,
                Map.of(Network.MANAGEMENT, mgmt), true);
    }

    @Test
    void writesEveryFieldOfAHost() {
        Map<String, Object> h = JsonTree.object(HostJson.host(worker(), List.of(), NOW));

        assertEquals("worker-1", h.get("name"));
        assertEquals("02:00:00:00:00:01", h.get("mgmtMac"));
        assertEquals("worker", h.get("personality"));
        assertEquals(Map.of("management", "192.168.204.11", "cluster-host", "192.168.206.11"), h.get("addresses"));
        assertEquals("unlocked", h.get("admin"));
        assertEquals("lock", h.get("pending"));
        assertEquals("locked", h.get("reported"));
        assertEquals(true, h.get("mismatched"));
        assertEquals(List.of(Map.of("id", "200.003", "severity", "minor", "text",
                "pxeboot network communication failure")), h.get("alarms"), "from the status alone");

        Map<String, Object> networks = map(h.get("networks"));
        assertEquals(List.of("management", "cluster-host"), List.copyOf(networks.keySet()),
                "networks the host has an address on, in network order; pxeboot left out");
        Map<String, Object> mgmt = map(networks.get("management"));
        assertEquals("192.168.204.11", mgmt.get("address"));
        assertEquals("2026-11-22T10:00:08.500Z", mgmt.get("lastSeen"));
        assertEquals(1500L, mgmt.get("ageMillis"));
        assertEquals(42L, mgmt.get("sequence"));
        assertEquals(40L, mgmt.get("received"));
        assertEquals(2L, mgmt.get("missed"));
        assertEquals("2026-11-22T10:00:05Z", mgmt.get("lastAck"));
        assertEquals(5000L, mgmt.get("lastAckAgeMillis"));

        Map<String, Object> cluster = map(networks.get("cluster-host"));
        assertNull(cluster.get("lastSeen"), "no mtcAlive yet on cluster-host");
        assertNull(cluster.get("ageMillis"));
        assertEquals(0L, cluster.get("missed"));
    }

    @Test
    void theHostsAlarmsComeFromTheAgentsList() {
        Alarm locked = new Alarm("200.001", Alarm.HOST_ENTITY_TYPE, "host=storage-0", AlarmSeverity.WARNING,
                "storage-0 was administratively locked to take it out-of-service.", "operational-violation",
                "out-of-service", "Administratively unlock Host to bring it back in-service.", true, false, true);
        Alarm other = new Alarm("200.001", Alarm.HOST_ENTITY_TYPE, "host=storage-01", AlarmSeverity.WARNING,
                "storage-01 was administratively locked", "operational-violation", "out-of-service", "", true,
                false, true);
        Map<String, Object> h = JsonTree.object(HostJson.host(FakeAgent.host("storage-0", AdminState.LOCKED, null),
                List.of(locked, other), NOW));
        assertEquals(List.of(Map.of("id", "200.001", "severity", "warning", "text",
                "was administratively locked to take it out-of-service.")), h.get("alarms"));
    }

    @Test
    void aHostNeverHeardFromReportsUnknownAndNoAlarm() {
        Map<String, Object> h = JsonTree.object(HostJson.host(
                FakeAgent.host("storage-0", AdminState.LOCKED, null), List.of(), NOW));
        assertEquals("unknown", h.get("reported"));
        assertEquals(false, h.get("mismatched"));
        assertEquals(List.of(), h.get("alarms"));
        assertEquals("locked", h.get("admin"));
        assertEquals("none", h.get("pending"));
    }

    @Test
    void listsHostsInAnObject() {
        Map<String, Object> body = JsonTree.object(HostJson.hosts(List.of(worker(),
                FakeAgent.host("worker-2", AdminState.LOCKED, false)), List.of(), NOW));
        List<Object> hosts = list(body.get("hosts"));
        assertEquals(2, hosts.size());
        assertEquals("worker-2", map(hosts.get(1)).get("name"));
    }

    @Test
    void errorIsAnObjectWithTheMessage() {
        assertEquals(Map.of("error", "unknown host 'x\"y'"), JsonTree.object(HostJson.error("unknown host 'x\"y'")));
    }

    @Test
    void readsANewHost() throws BadRequestException {
        HostSpec spec = HostJson.parseSpec("{\"name\":\"worker-3\",\"mgmtMac\":\"02:00:00:00:00:03\","
                + "\"personality\":\"worker\",\"addresses\":{\"management\":\"192.168.204.13\","
                + "\"cluster-host\":\"192.168.206.13\",\"pxeboot\":\"192.168.202.13\"}}");
        assertEquals("worker-3", spec.name());
        assertEquals("02:00:00:00:00:03", spec.mgmtMac());
        assertEquals("worker", spec.personality());
        assertEquals(Map.of(Network.MANAGEMENT, "192.168.204.13", Network.CLUSTER_HOST, "192.168.206.13",
                Network.PXEBOOT, "192.168.202.13"), spec.addresses());
    }

    @Test
    void personalityAndOtherNetworksAreOptional() throws BadRequestException {
        HostSpec spec = HostJson.parseSpec(
                "{\"name\":\"w\",\"mgmtMac\":\"m\",\"addresses\":{\"management\":\"10.0.0.1\"}}");
        assertEquals("", spec.personality());
        assertEquals(Map.of(Network.MANAGEMENT, "10.0.0.1"), spec.addresses());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty body|''|request body is empty",
        "blank body|'   '|request body is empty",
        "not JSON|{name: w}|malformed JSON at line 1, column 2: Unexpected character",
        "truncated|'{\"name\":\"w\"'|malformed JSON",
        "array|[]|expected a JSON object",
        "string|'\"w\"'|expected a JSON object",
        "trailing content|'{\"name\":\"w\",\"mgmtMac\":\"m\",\"addresses\":{\"management\":\"a\"}} {}'"
                + "|unexpected content after the JSON object",
        "missing name|'{\"mgmtMac\":\"m\",\"addresses\":{\"management\":\"a\"}}'|missing field 'name'",
        "missing mac|'{\"name\":\"w\",\"addresses\":{\"management\":\"a\"}}'|missing field 'mgmtMac'",
        "missing addresses|'{\"name\":\"w\",\"mgmtMac\":\"m\"}'|missing field 'addresses'",
        "missing management|'{\"name\":\"w\",\"mgmtMac\":\"m\",\"addresses\":{\"pxeboot\":\"a\"}}'"
                + "|missing field 'addresses.management'",
        "unknown field|'{\"name\":\"w\",\"mac\":\"m\"}'|unknown field 'mac'",
        "unknown network|'{\"addresses\":{\"storage\":\"a\"}}'|unknown network 'storage'",
        "number name|'{\"name\":7}'|field 'name' must be a string",
        "null mac|'{\"mgmtMac\":null}'|field 'mgmtMac' must be a string",
        "addresses array|'{\"addresses\":[\"a\"]}'|field 'addresses' must be an object",
        "address number|'{\"addresses\":{\"management\":1}}'|field 'addresses.management' must be a string",
        "duplicate field|'{\"name\":\"a\",\"name\":\"b\"}'|field 'name' is given twice",
    })
    void refusesABadBodyNamingTheProblem(String what, String body, String expected) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> HostJson.parseSpec(body));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    @Test
    void nullBodyIsEmpty() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> HostJson.parseSpec(null));
        assertFalse(e.getMessage().isEmpty());
    }
}
