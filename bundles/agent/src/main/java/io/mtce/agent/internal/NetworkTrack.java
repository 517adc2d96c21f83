package io.mtce.agent.internal;

import io.mtce.agent.NetworkStatus;
import io.mtce.protocol.Network;
import java.time.Instant;

/** What the agent has seen of one host on one network. Confined to the agent's event loop. */
final class NetworkTrack {
    private final Network network;
    private Instant lastSeen;
    private long sequence;
    private long received;
    private long missed;
    private Instant lastAck;

    NetworkTrack(Network network) {
        this.network = network;
    }

    /**
     * Records an mtcAlive. Gaps in the sequence count as missed messages, except after a client restart (the
     * sequence starts again at 1) and an agent restart (nothing seen yet), as in the C++ agent.
     *
     * @return how many messages were missed just before this one
     */
    long mtcAlive(long seq, Instant now) {
        long gap = 0;
        if (sequence != 0 && seq > 2 && seq > sequence + 1) {
            gap = seq - sequence - 1;
        }
        missed += gap;
        sequence = seq;
        received++;
        lastSeen = now;
        return gap;
    }

    void ack(Instant now) {
        lastAck = now;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    long sequence() {
        return sequence;
    }

    NetworkStatus status() {
        return new NetworkStatus(network, lastSeen, sequence, received, missed, lastAck);
    }
}
