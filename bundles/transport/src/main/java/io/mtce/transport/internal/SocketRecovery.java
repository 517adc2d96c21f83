package io.mtce.transport.internal;

/**
 * Rebinds failed sockets as the C++ client's fixed recovery audit does (spec 2.4): on every tick each registered
 * endpoint that is DOWN is retried, independently, in {@link io.mtce.protocol.Network#sendOrder()} (pxeboot first).
 * One endpoint failing never skips another (the audit before the fix retried only the first failing socket).
 */
public interface SocketRecovery {

    /** Retries {@code endpoint} on every tick while it is DOWN, until {@link #unregister(UdpEndpoint)}. */
    void register(UdpEndpoint endpoint);

    void unregister(UdpEndpoint endpoint);

    /** The tick period, for log messages. */
    long tickMillis();
}
