package io.mtce.agent;

import io.mtce.protocol.auth.Rejection;
import java.time.Instant;
import java.util.Map;

/**
 * What the agent's receive path has done since the agent started; the counts only grow, so the difference of two
 * snapshots describes the interval between them.
 *
 * @param since     when the agent started
 * @param received  datagrams delivered to the agent by its transports
 * @param handled   mtcAlive messages and acks acted on (a message for an unknown host counts: it was looked at)
 * @param rejected  datagrams dropped before being acted on, by reason (only reasons seen)
 * @param sent      commands sent (LOCKED, UNLOCKED, mtcAlive requests), one per network
 * @param handling  time from a datagram's delivery to the agent to the end of its handling on the event loop
 *                  (decode, hand-over, queueing, state update, any command it triggers), per handled message
 */
public record AgentStatistics(Instant since, long received, long handled, Map<Rejection, Long> rejected, long sent,
        LatencyHistogram handling) {

    public AgentStatistics {
        rejected = Map.copyOf(rejected);
    }

    /** Every rejection, whatever the reason. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
