package io.mtce.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service that receives datagrams. Register it with the {@link TransportConstants#ROLE} property (the
 * role whose transports it listens to) and optionally {@link TransportConstants#NETWORK} (one or more networks;
 * all when absent). Callbacks come from the transport's receive thread and must return quickly; an exception is
 * logged and does not stop delivery.
 */
@ConsumerType
public interface DatagramListener {

    /**
     * @param from the transport (its {@link Transport#network()} tells the network)
     * @param sender the source address and port
     * @param datagram the received bytes, position 0 to limit; the listener owns this buffer
     */
    void received(Transport from, InetSocketAddress sender, ByteBuffer datagram);

    /** {@code transport} is UP: on binding this listener while it is up, and on every recovery (may repeat). */
    default void transportUp(Transport transport) {
    }

    /** {@code transport} went DOWN or is going away (deactivated, bundle stopped) with {@code reason}. */
    default void transportDown(Transport transport, String reason) {
    }
}
