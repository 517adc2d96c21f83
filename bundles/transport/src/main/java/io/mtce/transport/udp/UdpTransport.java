package io.mtce.transport.udp;

import io.mtce.transport.DatagramListener;
import io.mtce.transport.Transport;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open UDP transport: one socket, retried by socket recovery while it is DOWN, whose datagrams and UP/DOWN changes
 * go to the listeners added to it. The network component that opened it is the registered {@link Transport} service
 * and delegates to it, including its listener reference's bind, updated and unbind calls.
 */
@ProviderType
public interface UdpTransport extends Transport {

    /**
     * Adds {@code listener} if its service {@code properties} match: {@code mtce.role} names this transport's role
     * and {@code mtce.network}, when present, names its network. A listener added while the transport is UP is told
     * so at once.
     */
    void addListener(DatagramListener listener, Map<String, ?> properties);

    /** The properties of {@code listener} changed: it is added or dropped as they now match. */
    void updatedListener(DatagramListener listener, Map<String, ?> properties);

    void removeListener(DatagramListener listener);

    /** Closes the socket, stops its recovery and tells every listener that the transport is going away. */
    void close();
}
