package io.mtce.web.internal;

import static io.mtce.web.internal.JsonTree.list;
import static io.mtce.web.internal.JsonTree.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.agent.PendingAction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The host calls through the router, as the servlet makes them: status codes and bodies. */
class HostsResourceTest {
    private static final String NEW_HOST = "{\"name\":\"worker-2\",\"mgmtMac\":\"02:00:00:00:00:02\","
            + "\"personality\":\"worker\",\"addresses\":{\"management\":\"192.168.204.12\"}}";

    private final FakeAgent fake = new FakeAgent()
            .put(FakeAgent.host("worker-1", AdminState.UNLOCKED, false))
            .put(FakeAgent.host("controller-0", AdminState.LOCKED, true));
    private final AtomicReference<MaintenanceAgent> agent = new AtomicReference<>(fake);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final ApiRouter api = new ApiRouter(new HostsResource(() -> Optional.ofNullable(agent.get()), clock),
            new StatusResource(() -> Optional.ofNullable(agent.get()), List::of, Optional::empty, clock, 1000));

    private static String error(Reply reply) {
        return (String) JsonTree.object(reply.body()).get("error");
    }

    @Test
    void listsHosts() {
        Reply reply = api.route("GET", "/hosts", "");
        assertEquals(200, reply.status());
        List<Object> hosts = list(JsonTree.object(reply.body()).get("hosts"));
        assertEquals(List.of("worker-1", "controller-0"), hosts.stream().map(h -> map(h).get("name")).toList());
    }

    @Test
    void getsOneHost() {
        Reply reply = api.route("GET", "/hosts/controller-0", "");
        assertEquals(200, reply.status());
        assertEquals("locked", JsonTree.object(reply.body()).get("reported"));
    }

    @Test
    void unknownHostIs404() {
        Reply reply = api.route("GET", "/hosts/nope", "");
        assertEquals(404, reply.status());
        assertEquals("unknown host 'nope'", error(reply));
    }

    @Test
    void lockAnswersTheHost() {
        Reply reply = api.route("POST", "/hosts/worker-1/lock", "");
        assertEquals(200, reply.status());
        Map<String, Object> h = JsonTree.object(reply.body());
        assertEquals("worker-1", h.get("name"));
        assertEquals("locked", h.get("admin"));
        assertEquals("lock", h.get("pending"));
        assertEquals(AdminState.LOCKED, fake.host("worker-1").orElseThrow().adminState());
    }

    @Test
    void unlockAnswersTheHost() {
        Reply reply = api.route("POST", "/hosts/controller-0/unlock", "");
        assertEquals(200, reply.status());
        assertEquals("unlocked", JsonTree.object(reply.body()).get("admin"));
        assertEquals(PendingAction.UNLOCK, fake.host("controller-0").orElseThrow().pending());
    }

    @Test
    void lockOfAnUnknownHostIs404() {
        Reply reply = api.route("POST", "/hosts/nope/lock", "");
        assertEquals(404, reply.status());
        assertEquals("unknown host 'nope'", error(reply));
    }

    @Test
    void lockWhileUnlockInProgressIs409() {
        fake.busy.add("worker-1");
        Reply lock = api.route("POST", "/hosts/worker-1/lock", "");
        Reply unlock = api.route("POST", "/hosts/worker-1/unlock", "");
        assertEquals(409, lock.status());
        assertEquals(409, unlock.status());
        assertTrue(error(lock).contains("not acknowledged yet"), error(lock));
    }

    @Test
    void addIs201WithLocationAndTheLockedHost() {
        Reply reply = api.route("POST", "/hosts", NEW_HOST);
        assertEquals(201, reply.status());
        assertEquals("/mtce/api/hosts/worker-2", reply.headers().get("Location"));
        Map<String, Object> h = JsonTree.object(reply.body());
        assertEquals("worker-2", h.get("name"));
        assertEquals("locked", h.get("admin"));
        assertTrue(fake.host("worker-2").isPresent());
    }

    @Test
    void addOfMalformedJsonIs400() {
        Reply reply = api.route("POST", "/hosts", "{\"name\": ");
        assertEquals(400, reply.status());
        assertTrue(error(reply).startsWith("malformed JSON at line 1"), error(reply));
    }

    @Test
    void addWithoutAFieldIs400NamingIt() {
        Reply reply = api.route("POST", "/hosts", "{\"name\":\"w\",\"addresses\":{\"management\":\"10.0.0.1\"}}");
        assertEquals(400, reply.status());
        assertEquals("missing field 'mgmtMac'", error(reply));
    }

    @Test
    void addWithABadMacIs400WithTheAgentsReason() {
        Reply reply = api.route("POST", "/hosts", NEW_HOST.replace("02:00:00:00:00:02", "02-00"));
        assertEquals(400, reply.status());
        assertTrue(error(reply).contains("must be of the form xx:xx:xx:xx:xx:xx, got '02-00'"), error(reply));
    }

    @Test
    void addOfAnExistingHostIs409() {
        Reply reply = api.route("POST", "/hosts", NEW_HOST.replace("worker-2", "worker-1"));
        assertEquals(409, reply.status());
        assertTrue(error(reply).contains("already in the inventory"), error(reply));
    }

    @Test
    void removeIs204ThenTheHostIsUnknown() {
        Reply reply = api.route("DELETE", "/hosts/worker-1", "");
        assertEquals(204, reply.status());
        assertEquals("", reply.body());
        assertEquals(404, api.route("DELETE", "/hosts/worker-1", "").status());
        assertEquals(404, api.route("GET", "/hosts/worker-1", "").status());
    }

    @Test
    void storageFailureIs500() {
        fake.storageBroken = true;
        Reply reply = api.route("POST", "/hosts/worker-1/lock", "");
        assertEquals(500, reply.status());
        assertEquals("cannot write the inventory: disk full", error(reply));
    }

    @Test
    void everyHostCallIs503WithoutAnAgent() {
        agent.set(null);
        for (String[] call : new String[][] {{"GET", "/hosts"}, {"GET", "/hosts/worker-1"}, {"POST", "/hosts"},
            {"DELETE", "/hosts/worker-1"}, {"POST", "/hosts/worker-1/lock"}, {"POST", "/hosts/worker-1/unlock"}}) {
            Reply reply = api.route(call[0], call[1], NEW_HOST);
            assertEquals(503, reply.status(), call[0] + " " + call[1]);
            assertEquals(HostsResource.NO_AGENT, error(reply));
        }
    }

    @ParameterizedTest
    @EnumSource(AgentException.Reason.class)
    void everyAgentFailureHasAStatus(AgentException.Reason reason) {
        int status = HostsResource.status(reason);
        assertTrue(status >= 400 && status < 600, reason + " -> " + status);
    }

    @Test
    void locationEncodesTheName() {
        assertEquals("a%20b%2Fc%C3%A9-._~", HostsResource.encode("a b/cé-._~"));
    }
}
