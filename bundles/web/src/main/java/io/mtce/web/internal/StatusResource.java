package io.mtce.web.internal;

import io.mtce.agent.MaintenanceAgent;
import io.mtce.flags.NodeLockFlags;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The read-only views: transports, this host's flag files, and the snapshot the status page polls. */
final class StatusResource {
    static final String NO_FLAGS = "no flag-file service in this container (is io.mtce.flags configured?)";

    private final Supplier<Optional<MaintenanceAgent>> agent;
    private final Supplier<List<TransportRow>> transports;
    private final Supplier<Optional<NodeLockFlags>> flags;
    private final Clock clock;
    private final int refreshMillis;
    private final Supplier<String> noAgent;

    StatusResource(Supplier<Optional<MaintenanceAgent>> agent, Supplier<List<TransportRow>> transports,
            Supplier<Optional<NodeLockFlags>> flags, Clock clock, int refreshMillis) {
        this(agent, transports, flags, clock, refreshMillis, () -> HostsResource.NO_AGENT);
    }

    /** @param noAgent what is said when there is no agent: why it is not running, when that is known */
    StatusResource(Supplier<Optional<MaintenanceAgent>> agent, Supplier<List<TransportRow>> transports,
            Supplier<Optional<NodeLockFlags>> flags, Clock clock, int refreshMillis, Supplier<String> noAgent) {
        this.noAgent = noAgent;
        this.agent = agent;
        this.transports = transports;
        this.flags = flags;
        this.clock = clock;
        this.refreshMillis = refreshMillis;
    }

    /** GET /transports: every transport of this container (possibly none). */
    Reply transports() {
        return Reply.ok(StatusJson.transports(transports.get()));
    }

    /** GET /flags: 404 when this container has no flag-file service (an agent-only controller). */
    Reply flags() {
        return flags.get().map(f -> Reply.ok(StatusJson.flags(f)))
                .orElseGet(() -> Reply.error(Reply.NOT_FOUND, NO_FLAGS));
    }

    /** GET /stats: the agent's receive-path counters and handling latency; 503 without an agent. */
    Reply statistics() {
        return agent.get().map(a -> Reply.ok(StatusJson.statistics(a.statistics(), a.duplicateAcks())))
                .orElseGet(() -> Reply.error(Reply.UNAVAILABLE, noAgent.get()));
    }

    /** GET /controllers: which controller is active, the inventory store, the etcd endpoints' health. */
    Reply controllers() {
        return agent.get().map(a -> Reply.ok(StatusJson.controllers(a.controllerStatus())))
                .orElseGet(() -> Reply.error(Reply.UNAVAILABLE, noAgent.get()));
    }

    /** GET /snapshot: everything the page shows, in one consistent read; always 200. */
    Reply snapshot() {
        Instant now = clock.instant();
        Optional<MaintenanceAgent> a = agent.get();
        return Reply.ok(StatusJson.snapshot(new StatusJson.Snapshot(now, refreshMillis,
                a.map(MaintenanceAgent::hosts).orElse(null), a.map(MaintenanceAgent::alarms).orElse(List.of()),
                a.isEmpty() ? noAgent.get() : null,
                transports.get(), flags.get().orElse(null), a.map(MaintenanceAgent::controllerStatus).orElse(null))));
    }
}
