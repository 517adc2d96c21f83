package io.mtce.agent.internal;

import io.mtce.protocol.Network;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.auth.RejectionCounts;
import io.mtce.protocol.auth.Verdict;
import io.mtce.transport.log.RateLimitedLog;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * What a received datagram must pass before the agent decodes it: the source allowlist (an address the inventory
 * gives some host on that network), then authentication. Every rejection is counted; the log gets at most one line
 * per reason and network per interval, whatever the number of senders, so a flood cannot fill it. Runs on the
 * receive threads; the inventory's addresses are a snapshot the event loop replaces on every inventory change.
 */
final class InboundFilter {
    static final long REJECTION_LOG_INTERVAL_MS = 60_000L;

    private final boolean allowlist;
    private final DatagramAuthentication auth;
    private final RejectionCounts counts = new RejectionCounts();
    private final RateLimitedLog log;
    private volatile Map<Network, Set<InetAddress>> known = Map.of();

    InboundFilter(boolean allowlist, DatagramAuthentication auth, Logger log, LongSupplier nanoTime) {
        this.allowlist = allowlist;
        this.auth = auth;
        this.log = new RateLimitedLog(log, REJECTION_LOG_INTERVAL_MS, nanoTime);
    }

    boolean allowlist() {
        return allowlist;
    }

    /** Replaces the known addresses: the inventory's, per network. */
    void known(Map<Network, Set<InetAddress>> addresses) {
        known = Map.copyOf(addresses);
    }

    /** Whether {@code source} is some host's address on {@code network}, or the allowlist is off. */
    boolean placed(Network network, InetAddress source) {
        return !allowlist || known.getOrDefault(network, Set.of()).contains(source);
    }

    /** Counts and logs a datagram from a source no host has on that network. */
    void unplaced(Network network, InetAddress source) {
        // The C++ agent's words: it looks hosts up by source address and drops what it cannot place.
        reject(Rejection.SOURCE, network, "unknown hostname message from " + source.getHostAddress() + " on "
                + network.wireName() + " network ; dropping");
    }

    /**
     * Checks the datagram's authentication; the source is checked apart ({@link #placed}), since a pxeboot mtcAlive
     * from an unplaced address may teach a host's address.
     *
     * @return how many bytes from {@code offset} are the maintenance message to decode, or -1 when the datagram is
     *         rejected (counted and logged here)
     */
    int authenticate(Network network, InetAddress source, byte[] bytes, int offset, int length) {
        Verdict verdict = auth.check(bytes, offset, length);
        if (!verdict.accepted()) {
            reject(verdict.rejection(), network, "rejected datagram from " + source.getHostAddress() + " on "
                    + network.wireName() + " network: " + verdict.rejection() + " (" + verdict.detail()
                    + ") ; dropping");
            return -1;
        }
        return verdict.length();
    }

    /** An mtcAlive naming a host that does not have its source address on that network. */
    void foreignMtcAlive(Network network, InetAddress source, String hostname) {
        reject(Rejection.SOURCE, network, "mtcAlive for " + hostname + " from " + source.getHostAddress() + " on "
                + network.wireName() + " network, which is not " + hostname + "'s address there ; dropping");
    }

    /** Counts a datagram the codec refused; the caller logs it. */
    void malformed() {
        counts.increment(Rejection.MALFORMED);
    }

    RejectionCounts rejections() {
        return counts;
    }

    private void reject(Rejection reason, Network network, String line) {
        long n = counts.increment(reason);
        log.warn(reason + " " + network, line + " (" + n + " " + reason + " rejection(s) so far)");
    }
}
