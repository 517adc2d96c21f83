package io.mtce.transport.pxeboot.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.udp.EndpointConfig;
import io.mtce.transport.udp.SocketRecovery;
import io.mtce.transport.udp.UdpTransport;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The pxeboot network transport, IPv4 only: agent rx 2102 (mtc_rx_pxeboot_port), client rx 2119. The fallback path
 * for LOCKED and REBOOT, deployable into a running container on its own. Sockets live in {@link UdpTransport}.
 */
@Component(configurationPid = PxebootTransport.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Transport.class, immediate = true,
        property = TransportConstants.NETWORK + "=" + TransportConstants.PXEBOOT)
@Designate(ocd = PxebootTransport.Config.class, factory = true)
public final class PxebootTransport extends UdpTransport {

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
        int rx_port() default EndpointConfig.SPEC_DEFAULT;

        @AttributeDefinition(name = "Peer port", description = "-1: agent sends to 2119, client to 2102.")
        int peer_port() default EndpointConfig.SPEC_DEFAULT;

        @AttributeDefinition(name = "SO_RCVBUF bytes",
                description = "-1: agent 4194304 (capped by net.core.rmem_max), client system default.")
        int rcvbuf_bytes() default EndpointConfig.SPEC_DEFAULT;

        @AttributeDefinition(name = "SO_REUSEADDR", description = "Share the port with other sockets.")
        boolean reuse_address() default false;

        @AttributeDefinition(name = "Listener filter", description = "Which DatagramListener services to bind.")
        String listener_target() default "(mtce.role=*)";
    }

    @Activate
    public PxebootTransport(Map<String, Object> properties, @Reference(name = "recovery") SocketRecovery recovery) {
        super(Network.PXEBOOT, properties, recovery);
    }
}
