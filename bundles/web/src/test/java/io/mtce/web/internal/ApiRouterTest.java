package io.mtce.web.internal;

import static io.mtce.web.internal.JsonTree.list;
import static io.mtce.web.internal.JsonTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.TransportState;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing (404, 405 with Allow) and the read-only views: transports, flags, snapshot. */
class ApiRouterTest {
    private final AtomicReference<MaintenanceAgent> agent = new AtomicReference<>(
            new FakeAgent().put(FakeAgent.host("worker-1", AdminState.LOCKED, true)));
    private final AtomicReference<NodeLockFlags> flags = new AtomicReference<>(
            Fakes.flags(FlagState.BOTH_PRESENT, DesiredLock.LOCKED_PERSIST, null));
    private final List<TransportRow> transports = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final ApiRouter api = new ApiRouter(new HostsResource(() -> Optional.ofNullable(agent.get()), clock),
            new StatusResource(() -> Optional.ofNullable(agent.get()), () -> List.copyOf(transports),
                    () -> Optional.ofNullable(flags.get()), clock, 750));

    @ParameterizedTest
    @CsvSource({"GET,/nothing", "GET,", "GET,/", "GET,/hosts/a/b/c", "POST,/hosts/a/reboot", "GET,/hosts//lock",
        "GET,/transports/x"})
    void unknownPathIs404(String method, String path) {
        Reply reply = api.route(method, path, "");
        assertEquals(404, reply.status());
        assertTrue(JsonTree.object(reply.body()).get("error").toString().startsWith("no such resource: /mtce/api"));
    }

    @ParameterizedTest
    @CsvSource({"PUT,/hosts,'GET, POST'", "POST,/hosts/worker-1,'GET, DELETE'", "GET,/hosts/worker-1/lock,POST",
        "DELETE,/transports,GET", "POST,/flags,GET", "POST,/snapshot,GET"})
    void wrongMethodIs405WithAllow(String method, String path, String allow) {
        Reply reply = api.route(method, path, "");
        assertEquals(405, reply.status());
        assertEquals(allow, reply.headers().get("Allow"));
        assertTrue(JsonTree.object(reply.body()).get("error").toString().contains(method + " is not allowed"));
    }

    @Test
    void trailingSlashIsTheSameResource() {
        assertEquals(200, api.route("GET", "/hosts/", "").status());
        assertEquals(200, api.route("GET", "/hosts/worker-1/", "").status());
    }

    @Test
    void transportsAreListedByRoleThenNetwork() {
        transports.add(Fakes.configured(Network.PXEBOOT, Role.CLIENT, null, TransportState.down("no such address")));
        transports.add(Fakes.configured(Network.MANAGEMENT, Role.AGENT, new InetSocketAddress("127.0.0.1", 2101),
                TransportState.up()));
        Reply reply = api.route("GET", "/transports", "");
        assertEquals(200, reply.status());
        List<Object> list = list(JsonTree.object(reply.body()).get("transports"));
        Map<String, Object> first = map(list.get(0));
        assertEquals("management", first.get("network"));
        assertEquals("agent", first.get("role"));
        assertEquals(true, first.get("up"));
        assertEquals("127.0.0.1", first.get("address"));
        assertEquals(2101L, first.get("port"));
        assertEquals("", first.get("reason"));
        Map<String, Object> second = map(list.get(1));
        assertEquals("pxeboot", second.get("network"));
        assertEquals(false, second.get("up"));
        assertNull(second.get("address"));
        assertNull(second.get("port"));
        assertEquals("no such address", second.get("reason"));
    }

    /**
     * A transport whose configured role is missing or invalid is DOWN and still answers a role ({@code UdpTransport}
     * answers AGENT); the list shows what its configuration names instead.
     */
    @ParameterizedTest
    @CsvSource(value = {"NULL,none", "'',none", "controller,invalid", "' client ',client"}, nullValues = "NULL")
    void aTransportShowsTheRoleItsConfigurationNames(String configured, String shown) {
        String reason = "invalid configuration: mtce.role must be 'agent' or 'client', was "
                + (configured == null ? "missing" : "'" + configured + "'");
        Transport transport = Fakes.transport(Network.MANAGEMENT, Role.AGENT, null, TransportState.down(reason));
        Map<String, Object> properties = new HashMap<>();
        if (configured != null) {
            properties.put(TransportConstants.ROLE, configured);
        }
        transports.add(TransportRow.of(transport, properties));

        Map<String, Object> shownTransport = map(list(JsonTree.object(api.route("GET", "/transports", "").body())
                .get("transports")).get(0));

        assertEquals(shown, shownTransport.get("role"));
        assertEquals("management", shownTransport.get("network"));
        assertEquals(false, shownTransport.get("up"));
        assertEquals(reason, shownTransport.get("reason"));
    }

    @Test
    void noTransportIsAnEmptyList() {
        assertEquals(Map.of("transports", List.of()), JsonTree.object(api.route("GET", "/transports", "").body()));
    }

    @Test
    void flagsShowTheFilesAndTheDesiredState() {
        flags.set(Fakes.flags(FlagState.ONLY_VOLATILE, DesiredLock.LOCKED_PERSIST, "fsync failed for /x"));
        Reply reply = api.route("GET", "/flags", "");
        assertEquals(200, reply.status());
        Map<String, Object> f = JsonTree.object(reply.body());
        assertEquals("only_volatile", f.get("state"));
        assertEquals(true, f.get("volatilePresent"));
        assertEquals(false, f.get("backupPresent"));
        assertEquals("locked_persist", f.get("desired"));
        assertEquals(true, f.get("desiredLocked"));
        assertEquals("fsync failed for /x", f.get("lastError"));
        assertEquals(false, f.get("settled"), "only the volatile file while kept locked with persistence");
        assertEquals(List.of(), f.get("anomalies"));
    }

    @Test
    void flagsShowWhatIsAtAFlagPathThatIsNotAFile() {
        flags.set(Fakes.flags(FlagState.BOTH_ABSENT, DesiredLock.UNLOCKED, null,
                List.of("/var/run/.node_locked is a directory, not a file")));
        Map<String, Object> f = JsonTree.object(api.route("GET", "/flags", "").body());
        assertEquals(true, f.get("settled"));
        assertEquals(List.of("/var/run/.node_locked is a directory, not a file"), f.get("anomalies"));
    }

    @Test
    void flagsAre404WithoutAFlagService() {
        flags.set(null);
        Reply reply = api.route("GET", "/flags", "");
        assertEquals(404, reply.status());
        assertEquals(StatusResource.NO_FLAGS, JsonTree.object(reply.body()).get("error"));
    }

    @Test
    void snapshotHasEverythingThePageShows() {
        transports.add(Fakes.configured(Network.MANAGEMENT, Role.CLIENT, new InetSocketAddress("127.0.0.1", 2118),
                TransportState.up()));
        Reply reply = api.route("GET", "/snapshot", "");
        assertEquals(200, reply.status());
        Map<String, Object> s = JsonTree.object(reply.body());
        assertEquals("2026-11-22T10:00:00Z", s.get("time"));
        assertEquals(750L, s.get("refreshMillis"));
        assertEquals(true, s.get("agent"));
        assertNull(s.get("agentMessage"));
        assertEquals("worker-1", map(list(s.get("hosts")).get(0)).get("name"));
        assertEquals(1, list(s.get("transports")).size());
        assertEquals("both_present", map(s.get("flags")).get("state"));
    }

    @Test
    void statsGiveTheAgentsCountersAndHandlingLatencyWithItsBuckets() {
        Reply reply = api.route("GET", "/stats", "");
        assertEquals(200, reply.status());
        Map<String, Object> s = JsonTree.object(reply.body());
        assertEquals("2026-11-22T09:00:00Z", s.get("since"));
        assertEquals(10L, s.get("received"));
        assertEquals(7L, s.get("handled"));
        assertEquals(4L, s.get("sent"));
        assertEquals(2L, s.get("rejectedTotal"));
        assertEquals(Map.of("MALFORMED", 1L, "SOURCE", 1L), s.get("rejected"));
        assertEquals(3L, s.get("duplicateAcks"));
        Map<String, Object> h = map(s.get("handling"));
        assertEquals(7L, h.get("count"));
        assertEquals(3L, h.get("p50Micros"));
        assertEquals(900L, h.get("p99Micros"), "the slowest bucket's bound, capped at the max");
        assertEquals(900L, h.get("maxMicros"));
        assertEquals(List.of(List.of(3L, 5L), List.of(43L, 1L), List.of(959L, 1L)), h.get("buckets"));
    }

    @Test
    void statsAre503WithoutAnAgentAndTakeOnlyGet() {
        assertEquals(405, api.route("POST", "/stats", "").status());
        agent.set(null);
        Reply reply = api.route("GET", "/stats", "");
        assertEquals(503, reply.status());
        assertEquals(HostsResource.NO_AGENT, JsonTree.object(reply.body()).get("error"));
    }

    @Test
    void snapshotWithoutAgentOrFlagsSaysSo() {
        agent.set(null);
        flags.set(null);
        Reply reply = api.route("GET", "/snapshot", "");
        assertEquals(200, reply.status(), "the page keeps working in a client-only container");
        Map<String, Object> s = JsonTree.object(reply.body());
        assertEquals(false, s.get("agent"));
        assertEquals(HostsResource.NO_AGENT, s.get("agentMessage"));
        assertEquals(List.of(), s.get("hosts"));
        assertNull(s.get("flags"));
    }
}
