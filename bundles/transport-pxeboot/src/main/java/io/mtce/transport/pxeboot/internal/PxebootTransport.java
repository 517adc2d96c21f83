package io.mtce.transport.pxeboot.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.TransportState;
import io.mtce.transport.udp.UdpTransport;
import io.mtce.transport.udp.UdpTransports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The pxeboot network transport, IPv4 only: agent rx 2102 (mtc_rx_pxeboot_port), client rx 2119. The fallback path
 * for LOCKED and REBOOT, deployable into a running container on its own. The socket and the listener dispatch are
 * the {@link UdpTransport} it opens.
 */
@Component(configurationPid = PxebootTransport.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Transport.class, immediate = true,
        property = TransportConstants.NETWORK + "=" + Network.PXEBOOT_KEY)
@Designate(ocd = PxebootTransport.Config.class, factory = true)
public final class PxebootTransport implements Transport {

    static final String PID = "io.mtce.transport.pxeboot";

    @ObjectClassDefinition(name = "mtce pxeboot transport", description = "UDP socket of the agent or the client on"
            + " the pxeboot network (IPv4); it stays DOWN, retried, until the pxeboot address exists.")
    @interface Config {
        @AttributeDefinition(name = "Role", description = "Daemon this socket serves; it picks the default ports.",
                options = {@Option(label = "mtcAgent", value = "agent"),
                           @Option(label = "mtcClient", value = "client")})
        String mtce_role();

        @AttributeDefinition(name = "Bind address", required = false,
                description = "This host's pxeboot IPv4 address (dhcp lease or static ifcfg).")
        String bind_address() default "";

        @AttributeDefinition(name = "Bind interface", required = false,
                description = "The mgmt interface or its parent; DOWN until it has an IPv4 address.")
        String bind_interface() default "";

        @AttributeDefinition(name = "Receive port", description = "-1: agent 2102, client 2119; 0: any free port.")
        int rx_port() default UdpTransports.SPEC_DEFAULT;

        @AttributeDefinition(name = "Peer port", description = "-1: agent sends to 2119, client to 2102.")
        int peer_port() default UdpTransports.SPEC_DEFAULT;

        @AttributeDefinition(name = "SO_RCVBUF bytes",
                description = "-1: agent 4194304 (capped by net.core.rmem_max), client system default.")
        int rcvbuf_bytes() default UdpTransports.SPEC_DEFAULT;

        @AttributeDefinition(name = "SO_REUSEADDR", description = "Share the port with other sockets.")
        boolean reuse_address() default false;

        @AttributeDefinition(name = "Listener filter", description = "Which DatagramListener services to bind.")
        String listener_target() default "(mtce.role=*)";
    }

    private final UdpTransport udp;

    @Activate
    public PxebootTransport(Map<String, Object> properties,
            @Reference(name = "udpTransports") UdpTransports transports) {
        udp = transports.open(Network.PXEBOOT, properties, this);
    }

    @Override
    public Network network() {
        return udp.network();
    }

    @Override
    public Role role() {
        return udp.role();
    }

    @Override
    public TransportState state() {
        return udp.state();
    }

    @Override
    public InetSocketAddress localAddress() {
        return udp.localAddress();
    }

    @Override
    public void send(InetAddress peer, ByteBuffer datagram) throws IOException {
        udp.send(peer, datagram);
    }

    @Override
    public void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException {
        udp.send(peer, datagram);
    }

    /** DS bind method of the {@code listener} reference (its target is the {@code listener.target} property). */
    @Reference(name = "listener", service = DatagramListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + TransportConstants.ROLE + "=*)", updated = "updatedListener", unbind = "removeListener")
    void addListener(DatagramListener listener, Map<String, ?> properties) {
        udp.addListener(listener, properties);
    }

    void updatedListener(DatagramListener listener, Map<String, ?> properties) {
        udp.updatedListener(listener, properties);
    }

    void removeListener(DatagramListener listener) {
        udp.removeListener(listener);
    }

    @Deactivate
    void deactivate() {
        udp.close();
    }

    @Override
    public String toString() {
        return udp.toString();
    }
}
