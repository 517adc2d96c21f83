package io.mtce.client.internal;

import io.mtce.protocol.Network;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.auth.RejectionCounts;
import io.mtce.protocol.auth.Verdict;
import io.mtce.transport.address.IpLiterals;
import io.mtce.transport.log.RateLimitedLog;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * What a received datagram must pass before the client decodes it: the source allowlist (a controller address of
 * that network, or this host's own), then authentication. Every rejection is counted; the log gets at most one line
 * per reason and network per interval, whatever the number of senders, so a flood cannot fill it. Thread-safe.
 */
final class CommandFilter {
    static final long REJECTION_LOG_INTERVAL_MS = 60_000L;

    private final Map<Network, Set<InetAddress>> allowed;
    private final DatagramAuthentication auth;
    private final RejectionCounts counts = new RejectionCounts();
    private final RateLimitedLog log;

    /** @param allowlist whether the source allowlist applies */
    CommandFilter(ClientSettings settings, boolean allowlist, DatagramAuthentication auth, Logger log,
            LongSupplier nanoTime) {
        this.allowed = allowlist ? allowedSources(settings) : null;
        this.auth = auth;
        this.log = new RateLimitedLog(log, REJECTION_LOG_INTERVAL_MS, nanoTime);
    }

    boolean allowlist() {
        return allowed != null;
    }

    /**
     * @return how many bytes from {@code offset} are the maintenance message to decode, or -1 when the datagram is
     *         rejected (counted and logged here)
     */
    int admit(Network network, InetAddress source, byte[] bytes, int offset, int length) {
        if (allowed != null && !allowed.get(network).contains(source)) {
            reject(Rejection.SOURCE, network, source, "not a controller address of this network");
            return -1;
        }
        Verdict verdict = auth.check(bytes, offset, length);
        if (!verdict.accepted()) {
            reject(verdict.rejection(), network, source, verdict.detail());
            return -1;
        }
        return verdict.length();
    }

    /** Counts a datagram the codec refused; the caller logs it. */
    void malformed() {
        counts.increment(Rejection.MALFORMED);
    }

    RejectionCounts rejections() {
        return counts;
    }

    private void reject(Rejection reason, Network network, InetAddress source, String detail) {
        long n = counts.increment(reason);
        log.warn(reason + " " + network, "rejected datagram from " + source.getHostAddress() + " on "
                + network.wireName() + " network: " + reason + " (" + detail + ") ; dropping, " + n + " " + reason
                + " rejection(s) so far");
    }

    private static Map<Network, Set<InetAddress>> allowedSources(ClientSettings settings) {
        Map<Network, Set<InetAddress>> out = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            Set<InetAddress> set = new HashSet<>(settings.controllerSources(n));
            String own = switch (n) {
                case MANAGEMENT -> settings.mgmtIp();
                case CLUSTER_HOST -> settings.clusterHostIp();
                case PXEBOOT -> settings.pxebootIp();
            };
            if (!own.isEmpty()) {
                set.add(IpLiterals.parse("own address", own));
            }
            out.put(n, Set.copyOf(set));
        }
        return Map.copyOf(out);
    }
}
