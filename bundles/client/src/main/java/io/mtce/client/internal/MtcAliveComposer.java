package io.mtce.client.internal;

import io.mtce.flags.NodeLockFlags;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.Network;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.DatagramAuthenticator;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Builds this host's mtcAlive datagrams (and its ready event) and owns the per-network sequence numbers. The periodic
 * sender and the command processor (which answers a pxeboot mtcAlive request at once) share one, so they share one
 * sequence per network. It is also where mtcAlive is signed when authentication is on. Thread-safe.
 */
final class MtcAliveComposer {
    private final ClientSettings settings;
    private final MessageCodec codec;
    private final NodeLockFlags flags;
    private final IntSupplier uptimeSeconds;
    private final DatagramAuthentication auth;
    private final Map<Network, Integer> sequences = new EnumMap<>(Network.class);

    MtcAliveComposer(ClientSettings settings, MessageCodec codec, NodeLockFlags flags, IntSupplier uptimeSeconds) {
        this(settings, codec, flags, uptimeSeconds, DatagramAuthenticator.off());
    }

    /** @param auth signs each mtcAlive (or leaves it as the C++ client sends it when off) */
    MtcAliveComposer(ClientSettings settings, MessageCodec codec, NodeLockFlags flags, IntSupplier uptimeSeconds,
            DatagramAuthentication auth) {
        this.auth = auth;
        this.settings = settings;
        this.codec = codec;
        this.flags = flags;
        this.uptimeSeconds = uptimeSeconds;
    }

    /** The next mtcAlive for {@code network}: its sequence pre-incremented (the first is 1), I_AM_LOCKED as now. */
    synchronized byte[] next(Network network) {
        int sequence = sequences.getOrDefault(network, 0) + 1;
        if (sequence == 0) {
            sequence = 1; // u32 wrap: 0 means "none yet" to the agent
        }
        sequences.put(network, sequence);
        int bits = MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY
                | (flags.volatileFilePresent() ? MtcAliveFlags.I_AM_LOCKED : 0);
        MtcAlive alive = new MtcAlive(settings.hostname(), settings.personality(), settings.pxebootIp(),
                settings.mgmtIp(), settings.clusterHostIp(), settings.mgmtMac(), network,
                uptimeSeconds.getAsInt(), MtcAliveFlags.HEALTH_HEALTHY, bits, sequence);
        return auth.protect(codec.encode(alive));
    }

    /**
     * The mtcClient ready event, offering pxeboot mtcAlive.
     *
     * @param activeControllerPxeboot the active controller's pxeboot address as learned, or ""
     */
    byte[] readyEvent(String activeControllerPxeboot) {
        return auth.protect(codec.encode(codec.readyEvent(ReadyEvent.mtcClient(settings.hostname(),
                activeControllerPxeboot))));
    }

    /** Restarts {@code network}'s sequence at 1, as a restarted C++ client would. */
    synchronized void reset(Network network) {
        sequences.remove(network);
    }
}
