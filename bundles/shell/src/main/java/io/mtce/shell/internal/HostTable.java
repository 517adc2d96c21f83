package io.mtce.shell.internal;

import io.mtce.agent.HostStatus;
import io.mtce.agent.NetworkStatus;
import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmSeverity;
import io.mtce.protocol.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders hosts for the shell: one tab-separated line per host, and a multi-line detail view. */
final class HostTable {
    static final String HEADER = "HOST\tADMIN\tPENDING\tREPORTED\tMGMNT\tCLSTR\tPXEBOOT\tALARM";

    private HostTable() {
    }

    /** @param alarms the agent's active alarms; each line's ALARM column lists the ids of its host's */
    static String table(List<HostStatus> hosts, List<Alarm> alarms, Instant now) {
        StringBuilder out = new StringBuilder(HEADER);
        for (HostStatus h : hosts) {
            out.append('\n').append(line(h, alarms, now));
        }
        return out.toString();
    }

    static String line(HostStatus h, List<Alarm> alarms, Instant now) {
        List<String> ids = alarmsOf(h, alarms).stream().map(Alarm::id).toList();
        return String.join("\t", h.name(), h.adminState().name().toLowerCase(),
                h.pending().name().toLowerCase(), reported(h), network(h, Network.MANAGEMENT, now),
                network(h, Network.CLUSTER_HOST, now), network(h, Network.PXEBOOT, now),
                ids.isEmpty() ? "-" : String.join(",", ids));
    }

    /** The host's alarms in {@code alarms}; 200.003 only from the host's status when the list lacks it. */
    private static List<Alarm> alarmsOf(HostStatus h, List<Alarm> alarms) {
        String instance = Alarm.hostInstance(h.name());
        List<Alarm> out = new ArrayList<>(alarms.stream().filter(a -> a.entityInstance().equals(instance)).toList());
        if (h.pxebootAlarm() && out.stream().noneMatch(a -> a.id().equals("200.003"))) {
            out.add(new Alarm("200.003", Alarm.HOST_ENTITY_TYPE, instance, AlarmSeverity.MINOR,
                    h.name() + " pxeboot network communication failure", "communication", "not-applicable", "",
                    false, true, false));
        }
        return out;
    }

    static String detail(HostStatus h, List<Alarm> alarms, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("host:        ").append(h.name()).append('\n');
        out.append("mgmt mac:    ").append(h.spec().mgmtMac()).append('\n');
        out.append("personality: ").append(h.spec().personality()).append('\n');
        out.append("admin:       ").append(h.adminState().name().toLowerCase());
        if (h.mismatched()) {
            out.append(" (host reports ").append(reported(h)).append(": being corrected)");
        }
        out.append('\n');
        out.append("pending:     ").append(h.pending().name().toLowerCase()).append('\n');
        out.append("pxeboot alarm 200.003: ").append(h.pxebootAlarm() ? "raised" : "clear");
        for (Alarm a : alarmsOf(h, alarms)) {
            out.append('\n').append("alarm ").append(a.id()).append(' ').append(a.severity().fmName()).append(": ")
                    .append(a.reason());
        }
        for (Network n : Network.values()) {
            String address = h.spec().address(n);
            NetworkStatus s = h.networks().get(n);
            out.append('\n').append(String.format("%-8s %-16s", n.wireName(), address == null ? "-" : address));
            if (s != null) {
                out.append(" last mtcAlive ").append(age(s.lastSeen(), now)).append(" seq ").append(s.sequence())
                        .append(" received ").append(s.received()).append(" missed ").append(s.missed())
                        .append(" last ack ").append(age(s.lastAck(), now));
            }
        }
        return out.toString();
    }

    private static String reported(HostStatus h) {
        if (h.reportedLocked() == null) {
            return "unknown";
        }
        return h.reportedLocked() ? "locked" : "unlocked";
    }

    private static String network(HostStatus h, Network network, Instant now) {
        if (h.spec().address(network) == null) {
            return "-";
        }
        Map<Network, NetworkStatus> networks = h.networks();
        NetworkStatus s = networks.get(network);
        if (s == null || s.lastSeen() == null) {
            return "never";
        }
        return age(s.lastSeen(), now) + "/" + s.missed();
    }

    /** "3.2s ago" style; "never" for null. */
    static String age(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long ms = Math.max(0, Duration.between(then, now).toMillis());
        return ms < 100_000 ? String.format("%.1fs", ms / 1000.0) : (ms / 1000) + "s";
    }
}
