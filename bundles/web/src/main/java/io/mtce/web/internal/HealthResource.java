package io.mtce.web.internal;

import io.mtce.health.Check;
import io.mtce.health.Health;
import io.mtce.health.HealthService;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * GET /health (ready and live), /health/ready, /health/live: 200 when the probe holds, 503 when not, with the same
 * facts as the service manager's STATUS= line, every check and what is wrong.
 */
final class HealthResource {
    static final String NO_HEALTH = "no health service in this container (is io.mtce.health installed?)";

    private final Supplier<Optional<HealthService>> health;

    HealthResource(Supplier<Optional<HealthService>> health) {
        this.health = health;
    }

    Reply health() {
        return probe(h -> h.ready() && h.live());
    }

    Reply ready() {
        return probe(Health::ready);
    }

    Reply live() {
        return probe(Health::live);
    }

    private Reply probe(Predicate<Health> holds) {
        Optional<HealthService> service = health.get();
        if (service.isEmpty()) {
            return Reply.error(Reply.UNAVAILABLE, NO_HEALTH);
        }
        Health h = service.get().health();
        return new Reply(holds.test(h) ? Reply.OK : Reply.UNAVAILABLE, json(h), Map.of());
    }

    static String json(Health h) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("ready", h.ready());
            g.writeBooleanField("live", h.live());
            g.writeStringField("status", h.status());
            g.writeArrayFieldStart("problems");
            for (Check c : h.problems()) {
                g.writeString(c.name() + ": " + c.detail());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("checks");
            for (Check c : h.checks()) {
                g.writeStartObject();
                g.writeStringField("kind", c.kind().name().toLowerCase(Locale.ROOT));
                g.writeStringField("name", c.name());
                g.writeBooleanField("ok", c.ok());
                g.writeStringField("detail", c.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * What to answer when there is no agent: why the configured agent is not running (e.g. its inventory is corrupt:
     * path and parse error), as the health service knows from SCR, or else that none is configured.
     */
    static Supplier<String> noAgent(Supplier<Optional<HealthService>> health) {
        return () -> health.get().flatMap(h -> h.health().componentProblem("io.mtce.agent"))
                .map(problem -> "the agent (io.mtce.agent) is configured but not running: " + problem)
                .orElse(HostsResource.NO_AGENT);
    }
}
