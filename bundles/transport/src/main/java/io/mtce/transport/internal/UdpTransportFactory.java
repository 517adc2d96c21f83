package io.mtce.transport.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import io.mtce.transport.udp.UdpTransport;
import io.mtce.transport.udp.UdpTransports;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link UdpTransports} service: each transport it opens is an {@link EndpointTransport} under socket recovery. */
@Component(service = UdpTransports.class)
public final class UdpTransportFactory implements UdpTransports {

    private final SocketRecovery recovery;

    @Activate
    public UdpTransportFactory(@Reference(name = "recovery") SocketRecovery recovery) {
        this.recovery = recovery;
    }

    @Override
    public UdpTransport open(Network network, Map<String, ?> configuration, Transport service) {
        return new EndpointTransport(network, configuration, service, recovery);
    }
}
