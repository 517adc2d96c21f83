package io.mtce.client.internal;

import io.mtce.flags.NodeLockFlags;
import io.mtce.protocol.MessageCodec;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's command listener on every client transport. It replies through the transport a command came in on,
 * so it references no transport itself. Immediate, so that a bad configuration is reported when it is applied.
 */
@Component(service = DatagramListener.class, property = TransportConstants.ROLE + "=client",
        configurationPid = ClientSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = ClientConfig.class)
public final class ClientCommandHandler implements DatagramListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.client");

    private final CommandProcessor processor;

    @Activate
    public ClientCommandHandler(ClientConfig config, @Reference MessageCodec codec, @Reference NodeLockFlags flags,
            @Reference MtcAliveComposer composer, @Reference PxebootControllers pxeboot) {
        ClientSettings settings = ClientSettings.from(config);
        ClientSecurity security = ClientSecurity.from(config);
        this.processor = new CommandProcessor(settings, security.sourceAllowlist(),
                security.auth().authenticator(Clock.systemUTC()), codec, flags, composer, pxeboot, LOG,
                System::nanoTime);
        LOG.info("{} client role listening for commands (mgmt mac {}{}; source allowlist {}; {})",
                settings.hostname(), settings.mgmtMac(),
                settings.legacyNoUnlocked() ? ", legacy: UNLOCKED treated as unknown" : "",
                security.sourceAllowlist() ? "on" : "off", security.auth().describe());
    }

    @Override
    public void received(Transport from, InetSocketAddress sender, ByteBuffer datagram) {
        processor.handle(from, sender, datagram);
    }

    @Override
    public void transportUp(Transport transport) {
        LOG.debug("commands accepted on {} network", transport.network().wireName());
    }

    @Override
    public void transportDown(Transport transport, String reason) {
        LOG.debug("no commands on {} network: {}", transport.network().wireName(), reason);
    }
}
