package io.mtce.agent.internal;

import io.mtce.agent.NetworkStatus;
import io.mtce.protocol.Network;
import java.time.Instant;

/**
 * What the agent has seen of one host on one network. Confined to the agent's event loop. Times are epoch
 * milliseconds in primitives: an mtcAlive, thousands a second with thousands of hosts, then allocates nothing here
 * and stores no reference from this long-lived object to a new one (which every young collection would have to
 * trace and copy).
 */
final class NetworkTrack {
    private static final long NEVER = Long.MIN_VALUE;

    private final Network network;
    private long lastSeenMillis = NEVER;
    private long sequence;
    private long received;
    private long missed;
    private long lastAckMillis = NEVER;

    NetworkTrack(Network network) {
        this.network = network;
    }

    /**
     * Records an mtcAlive. Gaps in the sequence count as missed messages, except after a client restart (the
     * sequence starts again at 1) and an agent restart (nothing seen yet), as in the C++ agent.
     *
     * @return how many messages were missed just before this one
     */
    long mtcAlive(long seq, long nowMillis) {
        long gap = 0;
        if (sequence != 0 && seq > 2 && seq > sequence + 1) {
            gap = seq - sequence - 1;
        }
        missed += gap;
        sequence = seq;
        received++;
        lastSeenMillis = nowMillis;
        return gap;
    }

    void ack(long nowMillis) {
        lastAckMillis = nowMillis;
    }

    /** Whether an mtcAlive arrived after {@code limitMillis}. */
    boolean seenAfter(long limitMillis) {
        return lastSeenMillis != NEVER && lastSeenMillis > limitMillis;
    }

    long sequence() {
        return sequence;
    }

    NetworkStatus status() {
        return new NetworkStatus(network, instant(lastSeenMillis), sequence, received, missed, instant(lastAckMillis));
    }

    private static Instant instant(long millis) {
        return millis == NEVER ? null : Instant.ofEpochMilli(millis);
    }
}
