package io.mtce.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.health.HealthService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** GET /health, /health/ready, /health/live, and the agent's failure in place of "no agent". */
class HealthResourceTest {
    private static final String FAILURE = "failed to activate: inventory file /var/lib/mtce/hosts.json is not valid"
            + " JSON: Unexpected end-of-input";
    private final AtomicReference<Health> now = new AtomicReference<>(new Health(false, true,
            "not ready: agent FAILED: " + FAILURE, List.of(
                    new Check(Check.Kind.COMPONENT, "io.mtce.agent", false, FAILURE),
                    new Check(Check.Kind.LOOP, "flags", true, "responsive"))));
    private final HealthService service = now::get;
    private final HealthResource resource = new HealthResource(() -> Optional.of(service));
    private final ApiRouter api = new ApiRouter(
            new HostsResource(Optional::empty, Clock.systemUTC(), HealthResource.noAgent(() -> Optional.of(service))),
            new StatusResource(Optional::empty, List::of, Optional::empty, Clock.systemUTC(), 1000), resource);

    @Test
    void notReadyIs503WithWhatIsWrongAndLiveIs200() {
        Reply all = api.route("GET", "/health", "");
        assertEquals(Reply.UNAVAILABLE, all.status());
        Map<String, Object> body = JsonTree.object(all.body());
        assertEquals(false, body.get("ready"));
        assertEquals(true, body.get("live"));
        assertEquals(List.of("io.mtce.agent: " + FAILURE), body.get("problems"));
        assertEquals(Reply.UNAVAILABLE, api.route("GET", "/health/ready", "").status());
        assertEquals(Reply.OK, api.route("GET", "/health/live", "").status());
        assertEquals(Reply.METHOD_NOT_ALLOWED, api.route("POST", "/health", "").status());

        now.set(new Health(true, true, "ready: loops ok", List.of()));
        assertEquals(Reply.OK, api.route("GET", "/health", "").status());
    }

    @Test
    void withoutAnAgentTheHostCallsSayWhyItIsNotRunning() {
        Reply hosts = api.route("GET", "/hosts", "");
        assertEquals(Reply.UNAVAILABLE, hosts.status());
        assertEquals("the agent (io.mtce.agent) is configured but not running: " + FAILURE,
                JsonTree.object(hosts.body()).get("error"));

        now.set(new Health(true, true, "ready", List.of()));
        assertEquals(HostsResource.NO_AGENT, JsonTree.object(api.route("GET", "/hosts", "").body()).get("error"),
                "no agent configured: as before");
    }

    @Test
    void withoutAHealthServiceHealthIs503() {
        Reply reply = new HealthResource(Optional::empty).health();
        assertEquals(Reply.UNAVAILABLE, reply.status());
        assertEquals(HealthResource.NO_HEALTH, JsonTree.object(reply.body()).get("error"));
    }
}
