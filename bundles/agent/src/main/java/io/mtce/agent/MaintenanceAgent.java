package io.mtce.agent;

import io.mtce.alarm.Alarm;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent role: keeps the host inventory (durable across restarts) and drives every host's node-locked files to
 * its administrative state. Lock and unlock return once the change is recorded durably; the commands are then sent
 * and retried until acknowledged, and mtcAlive mismatches are corrected.
 */
@ProviderType
public interface MaintenanceAgent {

    List<HostStatus> hosts();

    Optional<HostStatus> host(String name);

    /** Adds a host, administratively locked (as a freshly installed host is). */
    HostStatus addHost(HostSpec spec) throws AgentException;

    void removeHost(String name) throws AgentException;

    /** @throws AgentException UNKNOWN_HOST, or IN_PROGRESS while an unlock of the host is still unacknowledged */
    HostStatus lock(String name) throws AgentException;

    /** @throws AgentException UNKNOWN_HOST, or IN_PROGRESS while a lock of the host is still unacknowledged */
    HostStatus unlock(String name) throws AgentException;

    /**
     * The alarms the agent holds raised (200.001 for each locked host, 200.003 for each host whose pxeboot network
     * fails), as it passes them to every {@link io.mtce.alarm.AlarmSink}.
     *
     * @since 1.3
     */
    List<Alarm> alarms();

    /** Counters and handling latency of the receive path, for operators and benchmarks. */
    AgentStatistics statistics();

    /**
     * Acknowledgements that completed nothing, since the agent started: counted, not logged one by one. A LOCKED
     * goes on every network at once and is acked on each; only the first ack completes the lock, the copies on the
     * other networks land here, as do the acks of a command resent after its completion (locked refresh,
     * corrections, a retry crossing the ack).
     *
     * @since 1.2
     */
    long duplicateAcks();

    /**
     * Which controller is active, where the inventory is kept and, with etcd, the health of each endpoint.
     *
     * @since 1.3
     */
    default ControllerStatus controllerStatus() {
        return new ControllerStatus("", true, "", "", Map.of());
    }

    /**
     * Hands activity over to the other controller (swact): this agent stops commanding at once and releases the
     * election; the standby takes over.
     *
     * @throws AgentException INVALID when this agent runs alone or is the standby, STORAGE when etcd cannot be told
     * @since 1.3
     */
    default ControllerStatus swact() throws AgentException {
        throw new AgentException(AgentException.Reason.INVALID, "this agent runs alone: there is no other controller");
    }
}
