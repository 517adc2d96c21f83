package io.mtce.agent;

import io.mtce.protocol.Network;
import java.util.Map;

/**
 * A snapshot of one host: inventory, administrative state, and what the host reports.
 *
 * @param spec           the inventory entry
 * @param adminState     locked or unlocked, as the operator set it
 * @param pending        a lock or unlock still being driven to the host
 * @param reportedLocked the I_AM_LOCKED bit of the last mtcAlive, or {@code null} before the first one
 * @param networks       per-network mtcAlive and ack status
 * @param pxebootAlarm   whether alarm 200.003 (pxeboot network communication failure) is raised
 */
public record HostStatus(HostSpec spec, AdminState adminState, PendingAction pending, Boolean reportedLocked,
        Map<Network, NetworkStatus> networks, boolean pxebootAlarm) {

    public String name() {
        return spec.name();
    }

    /** Whether the host reports a lock state different from its administrative state. */
    public boolean mismatched() {
        return reportedLocked != null && reportedLocked != (adminState == AdminState.LOCKED);
    }
}
