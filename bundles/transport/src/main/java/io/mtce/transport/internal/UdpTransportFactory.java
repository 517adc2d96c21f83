package io.mtce.transport.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import io.mtce.transport.udp.UdpTransport;
import io.mtce.transport.udp.UdpTransports;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link UdpTransports} service: each transport it opens is an {@link EndpointTransport} under the socket
 * recovery this component owns (configuration PID {@value RecoveryScheduler#PID}).
 */
@Component(service = UdpTransports.class, configurationPid = RecoveryScheduler.PID, immediate = true)
@Designate(ocd = RecoveryScheduler.Config.class)
public final class UdpTransportFactory implements UdpTransports {

    private final SocketRecovery recovery;
    /** The recovery this component made and configures; null when one was given (tests). */
    private final RecoveryScheduler owned;

    @Activate
    public UdpTransportFactory(RecoveryScheduler.Config config) {
        this.owned = new RecoveryScheduler(config);
        this.recovery = owned;
    }

    /** Transports under {@code recovery}, which the caller owns: for tests of the network components. */
    public UdpTransportFactory(SocketRecovery recovery) {
        this.owned = null;
        this.recovery = recovery;
    }

    @Modified
    void modified(RecoveryScheduler.Config config) {
        if (owned != null) {
            owned.modified(config);
        }
    }

    @Deactivate
    void deactivate() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public UdpTransport open(Network network, Map<String, ?> configuration, Transport service) {
        return new EndpointTransport(network, configuration, service, recovery);
    }
}
