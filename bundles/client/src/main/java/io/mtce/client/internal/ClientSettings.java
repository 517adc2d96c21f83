package io.mtce.client.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.address.IpLiterals;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated client configuration. Error messages name the configuration key.
 *
 * @param mgmtMac     this host's management MAC, in the lower case the kernel reports (commands are matched exactly)
 * @param controllers where mtcAlive goes, per network (empty list: not sent on that network): the floating
 *                    controller address on management, both units' addresses on cluster-host and pxeboot
 * @param mgmtUnits   the controllers' own management addresses, which the C++ agent sends its commands from
 */
record ClientSettings(String hostname, String personality, String mgmtMac, String mgmtIp, String clusterHostIp,
        String pxebootIp, Map<Network, List<InetAddress>> controllers, long periodMs, long firstDelayMs,
        boolean legacyNoUnlocked, List<InetAddress> mgmtUnits) {

    static final String PID = "io.mtce.client";

    ClientSettings {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("hostname must not be blank");
        }
        if (mgmtMac == null || mgmtMac.isBlank()) {
            throw new IllegalArgumentException("mgmt.mac must not be blank");
        }
        if (!IpLiterals.isMac(mgmtMac)) {
            throw new IllegalArgumentException("mgmt.mac must be a MAC address xx:xx:xx:xx:xx:xx, got '" + mgmtMac
                    + "'");
        }
        if (periodMs <= 0) {
            throw new IllegalArgumentException("mtcalive.period.ms must be greater than 0, got " + periodMs);
        }
        if (firstDelayMs < 0) {
            throw new IllegalArgumentException("mtcalive.first.delay.ms must not be negative, got " + firstDelayMs);
        }
        mgmtMac = mgmtMac.toLowerCase(Locale.ROOT);
        personality = personality == null || personality.isBlank() ? "worker" : personality.strip();
        mgmtIp = optionalIp("mgmt.ip", mgmtIp);
        clusterHostIp = optionalIp("cluster.host.ip", clusterHostIp);
        pxebootIp = optionalIp("pxeboot.ip", pxebootIp);
        Map<Network, List<InetAddress>> copy = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            copy.put(n, List.copyOf(Objects.requireNonNullElse(controllers.get(n), List.of())));
        }
        controllers = Map.copyOf(copy);
        mgmtUnits = List.copyOf(Objects.requireNonNullElse(mgmtUnits, List.of()));
    }

    /** Without unit addresses: commands are accepted from the floating management address only. */
    ClientSettings(String hostname, String personality, String mgmtMac, String mgmtIp, String clusterHostIp,
            String pxebootIp, Map<Network, List<InetAddress>> controllers, long periodMs, long firstDelayMs,
            boolean legacyNoUnlocked) {
        this(hostname, personality, mgmtMac, mgmtIp, clusterHostIp, pxebootIp, controllers, periodMs, firstDelayMs,
                legacyNoUnlocked, List.of());
    }

    static ClientSettings from(ClientConfig c) {
        Map<Network, List<InetAddress>> controllers = new EnumMap<>(Network.class);
        controllers.put(Network.MANAGEMENT, addresses("controller.mgmt", c.controller_mgmt()));
        controllers.put(Network.CLUSTER_HOST, addresses("controller.cluster", c.controller_cluster()));
        controllers.put(Network.PXEBOOT, addresses("controller.pxeboot", c.controller_pxeboot()));
        return new ClientSettings(c.hostname() == null ? null : c.hostname().strip(), c.personality(),
                c.mgmt_mac() == null ? null : c.mgmt_mac().strip(), c.mgmt_ip(), c.cluster_host_ip(), c.pxeboot_ip(),
                controllers, c.mtcalive_period_ms(), c.mtcalive_first_delay_ms(), c.legacy_no_unlocked(),
                addresses("controller.mgmt.units", c.controller_mgmt_units()));
    }

    List<InetAddress> controllers(Network network) {
        return controllers.get(network);
    }

    /**
     * Where an ack of a command received on {@code network} from {@code source} goes, as the C++ client sends it: a
     * management ack to the floating controller address (the C++ agent listens there only), a cluster-host ack to
     * both controllers, a pxeboot ack back to its source. Without configured controllers, back to the source.
     */
    List<InetAddress> ackTargets(Network network, InetAddress source) {
        List<InetAddress> configured = network == Network.PXEBOOT ? List.of() : controllers.get(network);
        return configured.isEmpty() ? List.of(source) : configured;
    }

    /** The controller addresses a command on {@code network} may come from: every one configured for it. */
    Set<InetAddress> controllerSources(Network network) {
        Set<InetAddress> out = new HashSet<>(controllers.get(network));
        if (network == Network.MANAGEMENT) {
            out.addAll(mgmtUnits);
        }
        return Set.copyOf(out);
    }

    /** The management and cluster-host addresses: commands from these are from this host itself. */
    Set<InetAddress> ownAddresses() {
        List<InetAddress> own = new ArrayList<>();
        if (!mgmtIp.isEmpty()) {
            own.add(IpLiterals.parse("mgmt.ip", mgmtIp));
        }
        if (!clusterHostIp.isEmpty()) {
            own.add(IpLiterals.parse("cluster.host.ip", clusterHostIp));
        }
        return Set.copyOf(own);
    }

    private static String optionalIp(String key, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        return IpLiterals.parse(key, value).getHostAddress();
    }

    private static List<InetAddress> addresses(String key, String[] values) {
        List<InetAddress> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    out.add(IpLiterals.parse(key, v));
                }
            }
        }
        return out;
    }
}
