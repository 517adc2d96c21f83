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
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands, scope {@code mtce}. The agent, the flag files and the transports are optional: a client-only
 * container has no agent, and the commands say so instead of failing.
 *
 * <p>Every command prints to the session's console rather than returning its text: a Karaf ssh batch command
 * ({@code bin/client "mtce:hosts"}) drops return values. Each takes {@code -h/--help}; a command with positional
 * arguments has a second, help-only overload, so that {@code mtce:lock --help} (and {@code mtce:lock} alone) prints
 * its usage instead of Gogo's "Cannot coerce" error.
 */
@Component(service = MtceCommands.class, property = {"osgi.command.scope=mtce",
    "osgi.command.function=hosts", "osgi.command.function=host", "osgi.command.function=lock",
    "osgi.command.function=unlock", "osgi.command.function=add", "osgi.command.function=remove",
    "osgi.command.function=transports", "osgi.command.function=flags", "osgi.command.function=stats"})
public final class MtceCommands {
    private static final String HELP = "print this help";

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

    @Descriptor("one line per host: admin state, pending action, reported state, per network mtcAlive age/missed")
    public void hosts(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, help ? usage("hosts") : HostTable.table(agent().hosts(), agent().alarms(), Instant.now()));
    }

    @Descriptor("everything known about one host")
    public void host(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help,
            @Descriptor("NAME: the host's name") String name) {
        print(session, help ? usage("host")
                : HostTable.detail(agent().host(name).orElseThrow(() -> unknownHost(name)), agent().alarms(),
                        Instant.now()));
    }

    @Descriptor("everything known about one host")
    public void host(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, usage("host"));
    }

    @Descriptor("lock a host: the agent tells its client to plant the node-locked flag files")
    public void lock(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help,
            @Descriptor("NAME: the host's name") String name) throws AgentException {
        print(session, help ? usage("lock") : HostTable.line(agent().lock(name), agent().alarms(), Instant.now()));
    }

    @Descriptor("lock a host: the agent tells its client to plant the node-locked flag files")
    public void lock(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, usage("lock"));
    }

    @Descriptor("unlock a host: the agent tells its client to remove the node-locked flag files")
    public void unlock(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help,
            @Descriptor("NAME: the host's name") String name) throws AgentException {
        print(session, help ? usage("unlock") : HostTable.line(agent().unlock(name), agent().alarms(), Instant.now()));
    }

    @Descriptor("unlock a host: the agent tells its client to remove the node-locked flag files")
    public void unlock(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, usage("unlock"));
    }

    @Descriptor("add a host to the inventory; it starts locked")
    public void add(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help,
            @Descriptor("NAME: the host's name (RFC 1123 host name)") String name,
            @Descriptor("MGMT-MAC: its management MAC address") String mac,
            @Descriptor("PERSONALITY: controller, worker or storage") String personality,
            @Descriptor("MGMT-IP: its management address") String mgmtIp,
            @Descriptor("[CLUSTER-IP|-] [PXEBOOT-IP|-]: its cluster-host and pxeboot addresses") String... more)
            throws AgentException {
        if (help) {
            print(session, usage("add"));
            return;
        }
        if (more.length > 2) {
            throw new IllegalArgumentException(usage("add"));
        }
        Map<Network, String> addresses = new EnumMap<>(Network.class);
        addresses.put(Network.MANAGEMENT, mgmtIp);
        if (more.length > 0 && !more[0].equals("-")) {
            addresses.put(Network.CLUSTER_HOST, more[0]);
        }
        if (more.length > 1 && !more[1].equals("-")) {
            addresses.put(Network.PXEBOOT, more[1]);
        }
        print(session, HostTable.line(agent().addHost(new HostSpec(name, mac, personality, addresses)),
                agent().alarms(), Instant.now()));
    }

    @Descriptor("add a host to the inventory; it starts locked")
    public void add(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, usage("add"));
    }

    @Descriptor("remove a host from the inventory")
    public void remove(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help,
            @Descriptor("NAME: the host's name") String name) throws AgentException {
        if (help) {
            print(session, usage("remove"));
            return;
        }
        agent().removeHost(name);
        print(session, "removed " + name);
    }

    @Descriptor("remove a host from the inventory")
    public void remove(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, usage("remove"));
    }

    @Descriptor("every transport in this container, with its state and bound address")
    public void transports(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        print(session, help ? usage("transports") : TransportTable.format(transports));
    }

    @Descriptor("this host's node-locked files: on-disk state, desired state, last error")
    public void flags(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        if (help) {
            print(session, usage("flags"));
            return;
        }
        NodeLockFlags f = flags;
        if (f == null) {
            throw new IllegalStateException("no flag-file service in this container (is io.mtce.flags configured?)");
        }
        print(session, FlagsText.of(f));
    }

    @Descriptor("the agent's receive-path counters since it started, and its handling latency")
    public void stats(CommandSession session, @Descriptor(HELP) @Parameter(names = {"-h", "--help"},
            presentValue = "true", absentValue = "false") boolean help) {
        if (help) {
            print(session, usage("stats"));
            return;
        }
        MaintenanceAgent a = agent();
        print(session, StatisticsText.of(a.statistics(), a.duplicateAcks()));
    }

    private MaintenanceAgent agent() {
        return AgentLookup.require(agent, health);
    }

    private static String usage(String function) {
        return CommandUsage.of(MtceCommands.class, "mtce", function);
    }

    private static void print(CommandSession session, String text) {
        session.getConsole().println(text);
    }

    private static IllegalArgumentException unknownHost(String name) {
        return new IllegalArgumentException("unknown host '" + name + "'");
    }
}
