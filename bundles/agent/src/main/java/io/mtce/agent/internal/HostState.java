package io.mtce.agent.internal;

import io.mtce.agent.AdminState;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.NetworkStatus;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Network;
import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Everything the agent keeps about one host. Mutable and confined to the agent's event loop. */
final class HostState {
    final HostSpec spec;
    /** Per network; the pxeboot one may be learned from a pxeboot mtcAlive (not saved, as in the C++ agent). */
    final Map<Network, InetAddress> addresses = new EnumMap<>(Network.class);
    final PxebootMonitor pxebootMonitor;
    AdminState adminState;
    PendingAction pending = PendingAction.NONE;
    /** Retries so far of the pending action, its timer, and a counter that invalidates stale timers. */
    int attempts;
    /** When the pending command was last sent (agent nanoTime), for resends triggered by mtcAlive. */
    long lastPendingSend;
    /** When the pending action started (agent nanoTime), for giving up on a host that never answers. */
    long pendingSince;
    EventLoop.Timer retryTimer;
    long retryGeneration;
    /** The I_AM_LOCKED bit of the last mtcAlive, or null before the first. */
    Boolean reportedLocked;
    /** Whether the current "reporting unlocked while locked" / "locked while unlocked" episode was logged. */
    boolean unlockedWhileLockedLogged;
    boolean lockedWhileUnlockedLogged;
    /** Whether a correction held back by the per-network interval is scheduled for when it is due. */
    boolean correctionScheduled;
    /**
     * Whether the host's client sends pxeboot mtcAlive: it said so in its ready event, or one arrived. The pxeboot
     * monitor judges only such hosts, so an older client is not taken for a broken pxeboot network.
     */
    boolean sendsPxebootMtcAlive;
    private final Map<Network, NetworkTrack> tracks = new EnumMap<>(Network.class);
    private final Map<Network, Long> lastCorrectionNanos = new EnumMap<>(Network.class);

    HostState(HostSpec spec, Map<Network, InetAddress> addresses, AdminState adminState, PxebootMonitor monitor) {
        this.spec = spec;
        this.addresses.putAll(addresses);
        this.adminState = adminState;
        this.pxebootMonitor = monitor;
    }

    String name() {
        return spec.name();
    }

    NetworkTrack track(Network network) {
        return tracks.computeIfAbsent(network, NetworkTrack::new);
    }

    /** Whether an mtcAlive arrived on any network within {@code windowMillis} before {@code nowMillis}. */
    boolean seenWithin(long nowMillis, long windowMillis) {
        for (NetworkTrack track : tracks.values()) {
            if (track.seenAfter(nowMillis - windowMillis)) {
                return true;
            }
        }
        return false;
    }

    /** Nanoseconds until a correction on {@code network} is due again (0 when it is due now). */
    long correctionWaitNanos(Network network, long nowNanos, long intervalNanos) {
        Long last = lastCorrectionNanos.get(network);
        return last == null ? 0 : Math.max(0, last + intervalNanos - nowNanos);
    }

    /** Claims the right to send a correction on {@code network}: at most one per {@code intervalNanos}. */
    boolean correctionDue(Network network, long nowNanos, long intervalNanos) {
        Long last = lastCorrectionNanos.get(network);
        if (last != null && nowNanos - last < intervalNanos) {
            return false;
        }
        lastCorrectionNanos.put(network, nowNanos);
        return true;
    }

    void cancelRetry() {
        retryGeneration++;
        attempts = 0;
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
    }

    HostStatus status() {
        Map<Network, NetworkStatus> networks = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            if (addresses.containsKey(n) || tracks.containsKey(n)) {
                networks.put(n, track(n).status());
            }
        }
        return new HostStatus(spec, adminState, pending, reportedLocked, Collections.unmodifiableMap(networks),
                pxebootMonitor.alarmRaised());
    }
}
