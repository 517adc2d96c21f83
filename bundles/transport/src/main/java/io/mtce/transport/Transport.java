package io.mtce.transport;

import io.mtce.protocol.Network;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One UDP endpoint of one role on one maintenance network. Registered as a service, with the
 * {@link TransportConstants#NETWORK} and {@link TransportConstants#ROLE} properties, only while its component is
 * active; it may be DOWN meanwhile (socket not bound yet) and comes UP by itself once binding succeeds.
 */
@ProviderType
public interface Transport {

    Network network();

    Role role();

    TransportState state();

    /** @return the bound address and rx port, or {@code null} while DOWN */
    InetSocketAddress localAddress();

    /**
     * Sends the remaining bytes of {@code datagram} to {@code peer} on this transport's configured peer port. The
     * buffer's position is left unchanged, so one buffer can be sent on several transports.
     *
     * @throws IOException when the transport is DOWN, {@code peer} is of the wrong address family, or the send fails
     */
    void send(InetAddress peer, ByteBuffer datagram) throws IOException;

    /** As {@link #send(InetAddress, ByteBuffer)}, to an explicit port (e.g. replying to a sender). */
    void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException;
}
