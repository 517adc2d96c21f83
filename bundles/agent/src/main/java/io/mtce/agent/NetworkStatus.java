package io.mtce.agent;

import io.mtce.protocol.Network;
import java.time.Instant;

/**
 * What the agent has seen of one host on one network.
 *
 * @param network   the network
 * @param lastSeen  when the last mtcAlive arrived, or {@code null} if none has
 * @param sequence  the sequence number of the last mtcAlive
 * @param received  how many mtcAlive messages arrived
 * @param missed    how many were missed, judged by gaps in the sequence numbers
 * @param lastAck   when the host last acknowledged a command on this network, or {@code null}
 */
public record NetworkStatus(Network network, Instant lastSeen, long sequence, long received, long missed,
        Instant lastAck) {
}
