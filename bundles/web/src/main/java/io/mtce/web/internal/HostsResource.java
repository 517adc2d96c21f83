package io.mtce.web.internal;

import io.mtce.agent.AgentException;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.MaintenanceAgent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host operations of the REST API, as the shell offers them, with their status codes: 200 with the host,
 * 201 for a new host, 204 for a removal, 400 for bad input (a malformed body, or one the agent finds INVALID),
 * 404 for an unknown host, 409 for a duplicate host or a lock/unlock while the opposite change is in progress,
 * 500 when the inventory cannot be stored, and 503 when this container has no agent.
 */
final class HostsResource {
    static final String NO_AGENT = "no agent in this container (is io.mtce.agent configured?)";
    static final String BASE = "/mtce/api/hosts";

    private final Supplier<Optional<MaintenanceAgent>> agent;
    private final Clock clock;
    private final Supplier<String> noAgent;

    HostsResource(Supplier<Optional<MaintenanceAgent>> agent, Clock clock) {
        this(agent, clock, () -> NO_AGENT);
    }

    /** @param noAgent what a 503 says when there is no agent: why it is not running, when that is known */
    HostsResource(Supplier<Optional<MaintenanceAgent>> agent, Clock clock, Supplier<String> noAgent) {
        this.agent = agent;
        this.clock = clock;
        this.noAgent = noAgent;
    }

    /** GET /hosts */
    Reply list() {
        return withAgent(a -> Reply.ok(HostJson.hosts(a.hosts(), a.alarms(), clock.instant())));
    }

    /** GET /hosts/{name} */
    Reply get(String name) {
        return withAgent(a -> a.host(name).map(h -> ok(a, h)).orElseGet(() -> unknown(name)));
    }

    /** POST /hosts with a JSON body; the new host starts locked. */
    Reply add(String body) {
        return withAgent(a -> {
            HostSpec spec;
            try {
                spec = HostJson.parseSpec(body);
            } catch (BadRequestException e) {
                return Reply.error(Reply.BAD_REQUEST, e.getMessage());
            }
            HostStatus added = a.addHost(spec);
            return Reply.created(HostJson.host(added, a.alarms(), clock.instant()), BASE + "/" + encode(added.name()));
        });
    }

    /** DELETE /hosts/{name} */
    Reply remove(String name) {
        return withAgent(a -> {
            a.removeHost(name);
            return Reply.noContent();
        });
    }

    /** POST /hosts/{name}/lock */
    Reply lock(String name) {
        return withAgent(a -> ok(a, a.lock(name)));
    }

    /** POST /hosts/{name}/unlock */
    Reply unlock(String name) {
        return withAgent(a -> ok(a, a.unlock(name)));
    }

    /** POST /swact: this controller's agent hands activity over to the other one. */
    Reply swact() {
        return withAgent(a -> Reply.ok(StatusJson.controllers(a.swact())));
    }

    private Reply ok(MaintenanceAgent agent, HostStatus host) {
        return Reply.ok(HostJson.host(host, agent.alarms(), clock.instant()));
    }

    @FunctionalInterface
    private interface Call {
        Reply on(MaintenanceAgent agent) throws AgentException;
    }

    private Reply withAgent(Call call) {
        Optional<MaintenanceAgent> a = agent.get();
        if (a.isEmpty()) {
            return Reply.error(Reply.UNAVAILABLE, noAgent.get());
        }
        try {
            return call.on(a.get());
        } catch (AgentException e) {
            return Reply.error(status(e.reason()), e.getMessage());
        }
    }

    static int status(AgentException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_HOST -> Reply.NOT_FOUND;
            case DUPLICATE_HOST, IN_PROGRESS -> Reply.CONFLICT;
            case INVALID -> Reply.BAD_REQUEST;
            case STORAGE -> Reply.INTERNAL_ERROR;
        };
    }

    private static Reply unknown(String name) {
        return Reply.error(Reply.NOT_FOUND, "unknown host '" + name + "'");
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, for the Location header. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
