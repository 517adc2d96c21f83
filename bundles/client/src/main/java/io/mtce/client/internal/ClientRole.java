package io.mtce.client.internal;

import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagStateListener;
import io.mtce.flags.NodeLockFlags;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client role as one DS component, configured by PID {@code io.mtce.client}: it builds the plain parts from one
 * validated configuration and wires them. The {@link CommandProcessor} gets the commands, the {@link MtcAliveSender}
 * the client transports this component references and the flag-file changes (for an extra mtcAlive); they share one
 * {@link MtcAliveComposer} (one mtcAlive sequence per network) and one {@link PxebootControllers} view (the processor
 * learns, the sender sends). Its {@link DatagramListener} and {@link FlagStateListener} are registered by hand once
 * all is built, not as DS services of this component: as those, every transport and the flag-file service would try
 * again (and log again) an activation that failed on a bad configuration, and the flag-file service, which this role
 * requires, would meet it in creation, a cycle Felix SCR reports as an error (ContainerWiringIT shows both). So a bad
 * configuration fails this component once, naming the key. Immediate, so that it is reported when it is applied.
 */
@Component(name = ClientSettings.PID, service = {}, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClientConfig.class)
public final class ClientRole implements DatagramListener, FlagStateListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.client");

    private final CommandProcessor processor;
    private final MtcAliveSender sender;
    private final ServiceRegistration<?> listener;
    private final ServiceRegistration<?> loopProbe;

    /** @throws IllegalArgumentException naming the key of the first invalid value */
    @Activate
    public ClientRole(ClientConfig config, BundleContext context, @Reference MessageCodec codec,
            @Reference NodeLockFlags flags, @Reference DatagramAuthentication auth) {
        this(config, codec, flags, auth, context);
    }

    /** Without OSGi: the same role, told of datagrams and flag changes by calls to it only. */
    ClientRole(ClientConfig config, MessageCodec codec, NodeLockFlags flags, DatagramAuthentication auth) {
        this(config, codec, flags, auth, null);
    }

    private ClientRole(ClientConfig config, MessageCodec codec, NodeLockFlags flags, DatagramAuthentication auth,
            BundleContext context) {
        ClientSettings settings = ClientSettings.from(config);
        MtcAliveComposer composer = new MtcAliveComposer(settings, codec, flags, Uptime::secondsSinceBoot, auth);
        PxebootControllers pxeboot = new PxebootControllers(settings, LOG);
        this.processor = new CommandProcessor(settings, config.source_allowlist(), auth, codec, flags, composer,
                pxeboot, LOG, System::nanoTime);
        LOG.info("{} client role listening for commands (mgmt mac {}{}; source allowlist {}; {})",
                settings.hostname(), settings.mgmtMac(),
                settings.legacyNoUnlocked() ? ", legacy: UNLOCKED treated as unknown" : "",
                config.source_allowlist() ? "on" : "off", auth.describe());
        this.sender = new MtcAliveSender(settings, composer, pxeboot, LOG);
        this.listener = context == null ? null : register(context);
        // The health service's ping goes through the mtcAlive thread and waits for a flag change being applied.
        Executor probe = task -> sender.execute(() -> processor.whenIdle(task));
        this.loopProbe = context == null ? null
                : context.registerService(Executor.class, probe, new Hashtable<>(Map.of("mtce.loop", "client")));
    }

    private ServiceRegistration<?> register(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(TransportConstants.ROLE, Role.CLIENT.propertyValue());
        try {
            return context.registerService(new String[] {DatagramListener.class.getName(),
                FlagStateListener.class.getName()}, this, properties);
        } catch (RuntimeException e) {
            sender.stop();
            throw e;
        }
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + TransportConstants.ROLE + "=client)",
            unbind = "removeTransport")
    void addTransport(Transport transport) {
        sender.addTransport(transport);
    }

    void removeTransport(Transport transport) {
        sender.removeTransport(transport);
    }

    @Deactivate
    void deactivate() {
        if (listener != null) {
            try {
                loopProbe.unregister();
                listener.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
        sender.stop();
    }

    @Override
    public void received(Transport from, InetSocketAddress source, ByteBuffer datagram) {
        processor.handle(from, source, datagram);
    }

    @Override
    public void transportUp(Transport transport) {
        LOG.debug("commands accepted on {} network", transport.network().wireName());
    }

    @Override
    public void transportDown(Transport transport, String reason) {
        LOG.debug("no commands on {} network: {}", transport.network().wireName(), reason);
    }

    @Override
    public void flagsChanged(FlagChange change) {
        sender.flagsChanged(change);
    }
}
