package io.mtce.shell.internal;

import io.mtce.agent.AgentException;
import io.mtce.agent.HostSpec;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.flags.NodeLockFlags;
import io.mtce.health.HealthService;
import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands, scope {@code mtce}. The agent, the flag files and the transports are optional: a client-only
 * container has no agent, and the commands say so instead of failing.
 */
@Component(service = MtceCommands.class, property = {"osgi.command.scope=mtce",
    "osgi.command.function=hosts", "osgi.command.function=host", "osgi.command.function=lock",
    "osgi.command.function=unlock", "osgi.command.function=add", "osgi.command.function=remove",
    "osgi.command.function=transports", "osgi.command.function=flags", "osgi.command.function=stats"})
public final class MtceCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MaintenanceAgent agent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeLockFlags flags;

    /** Says why a configured agent is not running (e.g. a corrupt inventory), from SCR. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;

    /** Each transport with its service properties, which name the role its configuration asked for. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            collectionType = CollectionType.TUPLE)
    private volatile List<Map.Entry<Map<String, Object>, Transport>> transports = List.of();

    /** mtce:hosts: one line per host (admin state, pending action, reported state, per-network mtcAlive age/missed). */
    public String hosts() {
        return HostTable.table(agent().hosts(), agent().alarms(), Instant.now());
    }

    /** mtce:host NAME — everything known about one host. */
    public String host(String name) {
        return HostTable.detail(agent().host(name).orElseThrow(() -> unknownHost(name)), agent().alarms(),
                Instant.now());
    }

    /** mtce:lock NAME */
    public String lock(String name) throws AgentException {
        return HostTable.line(agent().lock(name), agent().alarms(), Instant.now());
    }

    /** mtce:unlock NAME */
    public String unlock(String name) throws AgentException {
        return HostTable.line(agent().unlock(name), agent().alarms(), Instant.now());
    }

    /** mtce:add NAME MGMT-MAC PERSONALITY MGMT-IP [CLUSTER-IP|-] [PXEBOOT-IP|-] — the host starts locked. */
    public String add(String name, String mac, String personality, String mgmtIp, String... more)
            throws AgentException {
        if (more.length > 2) {
            throw new IllegalArgumentException("usage: mtce:add NAME MGMT-MAC PERSONALITY MGMT-IP [CLUSTER-IP|-]"
                    + " [PXEBOOT-IP|-]");
        }
        Map<Network, String> addresses = new EnumMap<>(Network.class);
        addresses.put(Network.MANAGEMENT, mgmtIp);
        if (more.length > 0 && !more[0].equals("-")) {
            addresses.put(Network.CLUSTER_HOST, more[0]);
        }
        if (more.length > 1 && !more[1].equals("-")) {
            addresses.put(Network.PXEBOOT, more[1]);
        }
        return HostTable.line(agent().addHost(new HostSpec(name, mac, personality, addresses)), agent().alarms(),
                Instant.now());
    }

    /** mtce:remove NAME */
    public String remove(String name) throws AgentException {
        agent().removeHost(name);
        return "removed " + name;
    }

    /** mtce:transports — every transport in this container, with its state and bound address. */
    public String transports() {
        return TransportTable.format(transports);
    }

    /** mtce:flags — the node-locked files on this host. */
    public String flags() {
        NodeLockFlags f = flags;
        if (f == null) {
            throw new IllegalStateException("no flag-file service in this container (is io.mtce.flags configured?)");
        }
        return FlagsText.of(f);
    }

    /** mtce:stats — the agent's receive-path counters since it started, and its handling latency. */
    public String stats() {
        MaintenanceAgent a = agent();
        return StatisticsText.of(a.statistics(), a.duplicateAcks());
    }

    private MaintenanceAgent agent() {
        MaintenanceAgent a = agent;
        if (a == null) {
            HealthService h = health;
            throw new IllegalStateException(Optional.ofNullable(h).flatMap(s -> s.health().componentProblem(
                    "io.mtce.agent")).map(p -> "the agent (io.mtce.agent) is configured but not running: " + p)
                    .orElse("no agent in this container (is io.mtce.agent configured?)"));
        }
        return a;
    }

    private static IllegalArgumentException unknownHost(String name) {
        return new IllegalArgumentException("unknown host '" + name + "'");
    }
}
