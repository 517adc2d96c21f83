package io.mtce.web.internal;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.AgentException.Reason;
import io.mtce.agent.AgentStatistics;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.LatencyHistogram;
import io.mtce.agent.MaintenanceAgent;
import io.mtce.agent.NetworkStatus;
import io.mtce.agent.PendingAction;
import io.mtce.alarm.Alarm;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory agent with the real one's failure modes: unknown, duplicate, in progress, invalid MAC, storage. */
final class FakeAgent implements MaintenanceAgent {
    private final Map<String, HostStatus> hosts = new LinkedHashMap<>();
    /** Hosts whose lock/unlock is refused as IN_PROGRESS. */
    final Set<String> busy = new HashSet<>();
    boolean storageBroken;

    FakeAgent put(HostStatus status) {
        hosts.put(status.name(), status);
        return this;
    }

    static HostStatus host(String name, AdminState admin, Boolean reported) {
        return new HostStatus(new HostSpec(name, "02:00:00:00:00:01", "worker",
                Map.of(Network.MANAGEMENT, "192.168.204.11")), admin, PendingAction.NONE, reported,
                Map.<Network, NetworkStatus>of(), false);
    }

    @Override
    public List<HostStatus> hosts() {
        return new ArrayList<>(hosts.values());
    }

    @Override
    public Optional<HostStatus> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    @Override
    public HostStatus addHost(HostSpec spec) throws AgentException {
        if (!spec.mgmtMac().matches("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}")) {
            throw new AgentException(Reason.INVALID, "management MAC of " + spec.name()
                    + " must be of the form xx:xx:xx:xx:xx:xx, got '" + spec.mgmtMac() + "'");
        }
        if (hosts.containsKey(spec.name())) {
            throw new AgentException(Reason.DUPLICATE_HOST, "host '" + spec.name() + "' is already in the inventory");
        }
        store();
        HostStatus added = new HostStatus(spec, AdminState.LOCKED, PendingAction.NONE, null, Map.of(), false);
        hosts.put(spec.name(), added);
        return added;
    }

    @Override
    public void removeHost(String name) throws AgentException {
        existing(name);
        store();
        hosts.remove(name);
    }

    /** Fixed figures: 10 received, 7 handled (latencies 3, 3, 3, 3, 3, 40 and 900 µs), 2 rejected, 4 sent. */
    @Override
    public List<Alarm> alarms() {
        return List.of();
    }

    @Override
    public long duplicateAcks() {
        return 3;
    }

    @Override
    public AgentStatistics statistics() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[LatencyHistogram.bucketOf(3)] = 5;
        counts[LatencyHistogram.bucketOf(40)] = 1;
        counts[LatencyHistogram.bucketOf(900)] = 1;
        return new AgentStatistics(Instant.parse("2026-11-22T09:00:00Z"), 10, 7,
                Map.of(Rejection.SOURCE, 1L, Rejection.MALFORMED, 1L), 4, LatencyHistogram.of(counts, 900));
    }

    @Override
    public HostStatus lock(String name) throws AgentException {
        return change(name, AdminState.LOCKED, PendingAction.LOCK);
    }

    @Override
    public HostStatus unlock(String name) throws AgentException {
        return change(name, AdminState.UNLOCKED, PendingAction.UNLOCK);
    }

    private HostStatus change(String name, AdminState admin, PendingAction pending) throws AgentException {
        HostStatus h = existing(name);
        if (busy.contains(name)) {
            throw new AgentException(Reason.IN_PROGRESS, "the opposite change of " + name + " is not acknowledged yet");
        }
        store();
        HostStatus changed = new HostStatus(h.spec(), admin, pending, h.reportedLocked(), h.networks(),
                h.pxebootAlarm());
        hosts.put(name, changed);
        return changed;
    }

    private HostStatus existing(String name) throws AgentException {
        HostStatus h = hosts.get(name);
        if (h == null) {
            throw new AgentException(Reason.UNKNOWN_HOST, "unknown host '" + name + "'");
        }
        return h;
    }

    private void store() throws AgentException {
        if (storageBroken) {
            throw new AgentException(Reason.STORAGE, "cannot write the inventory: disk full");
        }
    }
}
