package io.mtce.transport.udp;

import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens the UDP transports of the network bundles. Registered by the io.mtce.transport bundle; a network component
 * gets it by reference, opens its transport when it is activated and closes it when it is deactivated.
 */
@ProviderType
public interface UdpTransports {

    /** The value of {@code rx.port}, {@code peer.port} and {@code rcvbuf.bytes} that selects the spec default. */
    int SPEC_DEFAULT = -1;

    /**
     * Opens the transport of {@code network} described by {@code configuration}, the component's properties:
     * {@code mtce.role}, {@code bind.address} or {@code bind.interface}, {@code address.family}, {@code rx.port},
     * {@code peer.port}, {@code rcvbuf.bytes}, {@code reuse.address} (the bundle's README describes them). It never
     * throws: a value that can never work gives a transport that stays DOWN with the error, naming its key, as the
     * reason; a socket that cannot be bound yet is DOWN and retried on every recovery tick.
     *
     * @param service the component registered as the {@link Transport} service: listeners are given it as the
     *     transport a datagram came from. The returned transport never calls it, so a constructor may pass itself.
     */
    UdpTransport open(Network network, Map<String, ?> configuration, Transport service);
}
