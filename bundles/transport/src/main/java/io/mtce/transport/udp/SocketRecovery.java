package io.mtce.transport.udp;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Rebinds failed sockets as the C++ client's fixed recovery audit does (spec 2.4): on every tick each registered
 * endpoint that is DOWN is retried, independently, in the order pxeboot, management, cluster-host. One endpoint
 * failing never skips another (the audit before the fix retried only the first failing socket).
 */
@ProviderType
public interface SocketRecovery {

    /** Retries {@code endpoint} on every tick while it is DOWN, until {@link #unregister(UdpEndpoint)}. */
    void register(UdpEndpoint endpoint);

    void unregister(UdpEndpoint endpoint);

    /** The tick period, for log messages. */
    long tickMillis();
}
