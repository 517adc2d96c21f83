package io.mtce.itests.bed;

import io.mtce.protocol.Network;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Hosts in their own network namespaces, each on three separate networks (management, cluster-host, pxeboot):
 * one bridge per network in a switch namespace, one veth pair per host and network. Host {@code i} has address
 * {@code .1i} on each network (controller-0 is host 0), and controller-0 also holds the floating management address
 * {@code .2} as the active controller of a real cluster does; controller-1's unit addresses are {@code .9}, held by
 * no host of this bed. Only this bed's own namespaces (named by its prefix) are ever addressed, and
 * {@link #close()} deletes them all (and with them every veth).
 */
public final class NetnsBed implements AutoCloseable {
    /** Namespace names of the test bed start with this; a previous run's leftovers are removed on creation. */
    static final String PREFIX = "mtcebed-";

    private static final Map<Network, String> SUBNET = new EnumMap<>(Map.of(Network.MANAGEMENT, "192.168.204.",
            Network.CLUSTER_HOST, "192.168.206.", Network.PXEBOOT, "169.254.202."));
    private static final Map<Network, String> HOST_IF = new EnumMap<>(Map.of(Network.MANAGEMENT, "mgmt0",
            Network.CLUSTER_HOST, "clst0", Network.PXEBOOT, "pxe0"));
    private static final Map<Network, String> BRIDGE = new EnumMap<>(Map.of(Network.MANAGEMENT, "brm",
            Network.CLUSTER_HOST, "brc", Network.PXEBOOT, "brp"));

    private final String prefix;
    private final String switchNs;
    private final List<String> hosts = new ArrayList<>();

    private NetnsBed(String prefix) {
        this.prefix = prefix;
        this.switchNs = prefix + "sw";
    }

    /** @return why the bed cannot run here, or {@code null} when it can */
    public static String unavailableReason() {
        return Ip.unavailableReason();
    }

    /** Creates the switch and {@code hostCount} hosts, all links up. */
    public static NetnsBed create(int hostCount) {
        return create(hostCount, PREFIX);
    }

    /**
     * As {@link #create(int)}, with namespace names starting with {@code prefix}: a bed of another prefix (the test
     * bed and a benchmark, say) can run at the same time, since each removes only its own prefix's leftovers.
     */
    public static NetnsBed create(int hostCount, String prefix) {
        removeLeftovers(prefix);
        NetnsBed bed = new NetnsBed(prefix);
        try {
            bed.build(hostCount);
        } catch (RuntimeException e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    private void build(int hostCount) {
        Ip.ip("netns", "add", switchNs);
        Ip.ip("-n", switchNs, "link", "set", "lo", "up");
        for (Network n : Network.values()) {
            Ip.ip("-n", switchNs, "link", "add", BRIDGE.get(n), "type", "bridge");
            Ip.ip("-n", switchNs, "link", "set", BRIDGE.get(n), "up");
        }
        for (int i = 0; i < hostCount; i++) {
            String ns = prefix + "h" + i;
            Ip.ip("netns", "add", ns);
            hosts.add(ns);
            Ip.ip("-n", ns, "link", "set", "lo", "up");
            for (Network n : Network.values()) {
                String swIf = "h" + i + n.wireName().substring(0, 1).toLowerCase();
                Ip.ip("-n", switchNs, "link", "add", swIf, "type", "veth", "peer", "name", HOST_IF.get(n), "netns",
                        ns);
                Ip.ip("-n", switchNs, "link", "set", swIf, "master", BRIDGE.get(n));
                Ip.ip("-n", switchNs, "link", "set", swIf, "up");
                Ip.ip("-n", ns, "addr", "add", address(i, n) + "/24", "dev", HOST_IF.get(n));
                if (i == 0 && n == Network.MANAGEMENT) {
                    Ip.ip("-n", ns, "addr", "add", floatingMgmt() + "/24", "dev", HOST_IF.get(n));
                }
                Ip.ip("-n", ns, "link", "set", HOST_IF.get(n), "up");
            }
        }
    }

    public int hostCount() {
        return hosts.size();
    }

    /** The namespace of host {@code i}. */
    public String namespace(int host) {
        return hosts.get(host);
    }

    /** Prefix that runs a command inside host {@code i}'s namespace. */
    public List<String> exec(int host) {
        return List.of("ip", "netns", "exec", namespace(host));
    }

    public static String address(int host, Network network) {
        return SUBNET.get(network) + (10 + host);
    }

    /** The floating {@code controller} management address, held by the active controller (host 0). */
    public static String floatingMgmt() {
        return SUBNET.get(Network.MANAGEMENT) + "2";
    }

    /** controller-{@code unit}'s own address on {@code network}: host 0's for controller-0, .9 for controller-1. */
    public static String controllerUnit(int unit, Network network) {
        return unit == 0 ? address(0, network) : SUBNET.get(network) + "9";
    }

    /** Adds {@code address} (a /24 of the network's subnet) to host {@code i}'s link on {@code network}. */
    public void addAddress(int host, Network network, String address) {
        Ip.ip("-n", namespace(host), "addr", "add", address + "/24", "dev", HOST_IF.get(network));
    }

    /** Takes host {@code i}'s link on {@code network} down: nothing crosses it either way. */
    public void linkDown(int host, Network network) {
        Ip.ip("-n", namespace(host), "link", "set", HOST_IF.get(network), "down");
    }

    /** Brings the link back up; its address returns with it. */
    public void linkUp(int host, Network network) {
        Ip.ip("-n", namespace(host), "link", "set", HOST_IF.get(network), "up");
    }

    /** All links of all hosts up. */
    public void allLinksUp() {
        for (int i = 0; i < hosts.size(); i++) {
            for (Network n : Network.values()) {
                linkUp(i, n);
            }
        }
    }

    @Override
    public void close() {
        List<String> all = new ArrayList<>(hosts);
        all.add(switchNs);
        for (String ns : all) {
            try {
                Ip.ip("netns", "del", ns);
            } catch (IllegalStateException e) {
                // already gone
            }
        }
        hosts.clear();
    }

    private static void removeLeftovers(String prefix) {
        for (String line : Ip.ip("netns", "list").split("\n")) {
            String name = line.trim().split(" ")[0];
            if (name.startsWith(prefix)) {
                Ip.ip("netns", "del", name);
            }
        }
    }
}
