package io.mtce.transport.udp;

import io.mtce.protocol.Network;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.TransportState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DS component behind every network bundle: a {@link Transport} on one {@link UdpEndpoint}, registered with
 * {@link SocketRecovery} while active, dispatching to the {@link DatagramListener} whiteboard. A subclass only names
 * its network and configuration PID; the listener reference and {@link #deactivate()} are inherited (bnd
 * {@code -dsannotations-options: inherit}).
 *
 * <p>Listeners are bound through the {@code listener} reference (target {@code (mtce.role=*)}, overridable with the
 * {@code listener.target} property) and receive datagrams only when their {@code mtce.role} names this transport's
 * role and their {@code mtce.network}, if any, names its network. An invalid configuration never throws: the
 * transport is DOWN with the error, naming the key, as its reason ({@link #role()} is then AGENT if the role itself
 * is invalid; its service property still carries the raw value, so no role binds it).
 *
 * <p>{@code @ProviderType}: the network bundles extend it and are built with it, so they import this package with a
 * minor-version range.
 */
@ProviderType
public abstract class UdpTransport implements Transport {

    private final Network network;
    private final Role role;
    private final String name;
    private final SocketRecovery recovery;
    private final UdpEndpoint endpoint; // null when the configuration is invalid
    private final TransportState configError; // null when the configuration is valid
    private final CopyOnWriteArrayList<DatagramListener> listeners = new CopyOnWriteArrayList<>();
    private final Logger log = LoggerFactory.getLogger(getClass());

    protected UdpTransport(Network network, Map<String, ?> properties, SocketRecovery recovery) {
        this.network = network;
        Role configured = EndpointConfig.roleOrNull(properties);
        this.role = configured != null ? configured : Role.AGENT;
        this.name = TransportConstants.networkValue(network) + "/"
                + (configured != null ? configured.propertyValue() : "invalid-role");
        this.recovery = recovery;
        EndpointConfig config = null;
        String problem = null;
        try {
            config = EndpointConfig.parse(network, properties);
        } catch (InvalidConfigurationException e) {
            problem = e.getMessage();
        }
        if (config == null) {
            this.endpoint = null;
            this.configError = TransportState.down("invalid configuration: " + problem);
            Object pid = properties.get("service.pid");
            log.error("{} transport DOWN: {}{}", name, configError.reason(), pid == null ? "" : " (configuration "
                    + pid + ")");
        } else {
            this.configError = null;
            this.endpoint = new UdpEndpoint(config, new Events());
            endpoint.retryIfDown();
            recovery.register(endpoint);
        }
    }

    @Override
    public final Network network() {
        return network;
    }

    @Override
    public final Role role() {
        return role;
    }

    @Override
    public final TransportState state() {
        return endpoint != null ? endpoint.state() : configError;
    }

    @Override
    public final InetSocketAddress localAddress() {
        return endpoint != null ? endpoint.localAddress() : null;
    }

    @Override
    public final void send(InetAddress peer, ByteBuffer datagram) throws IOException {
        requireEndpoint().send(peer, datagram);
    }

    @Override
    public final void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException {
        requireEndpoint().send(peer, datagram);
    }

    /** DS bind method of the {@code listener} reference. */
    @Reference(name = "listener", service = DatagramListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + TransportConstants.ROLE + "=*)", updated = "updatedListener", unbind = "removeListener")
    public final void addListener(DatagramListener listener, Map<String, ?> properties) {
        if (!accepts(properties) || !listeners.addIfAbsent(listener)) {
            return;
        }
        TransportState now = state();
        if (now.isUp()) {
            notifyUp(listener);
        }
    }

    /** DS updated method of the {@code listener} reference: the listener's properties may now (not) match. */
    public final void updatedListener(DatagramListener listener, Map<String, ?> properties) {
        if (accepts(properties)) {
            addListener(listener, properties);
        } else {
            listeners.remove(listener);
        }
    }

    /** DS unbind method of the {@code listener} reference. */
    public final void removeListener(DatagramListener listener) {
        listeners.remove(listener);
    }

    /** Closes the socket, stops its recovery and tells every listener the transport is going away. */
    @Deactivate
    public final void deactivate() {
        if (endpoint == null) {
            listeners.forEach(l -> notifyDown(l, UdpEndpoint.CLOSED));
            return;
        }
        recovery.unregister(endpoint);
        endpoint.close();
    }

    @Override
    public String toString() {
        return name + " transport " + state();
    }

    private boolean accepts(Map<String, ?> properties) {
        Object networks = properties.get(TransportConstants.NETWORK);
        return names(properties.get(TransportConstants.ROLE), role.propertyValue())
                && (networks == null || names(networks, TransportConstants.networkValue(network)));
    }

    /** Whether a String, String[] or Collection property value contains {@code wanted}. */
    private static boolean names(Object value, String wanted) {
        if (value instanceof Object[]) {
            return List.of((Object[]) value).stream().anyMatch(v -> wanted.equals(String.valueOf(v)));
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().anyMatch(v -> wanted.equals(String.valueOf(v)));
        }
        return value != null && wanted.equals(value.toString());
    }

    private UdpEndpoint requireEndpoint() throws IOException {
        if (endpoint == null) {
            throw new IOException(name + " transport is DOWN: " + configError.reason());
        }
        return endpoint;
    }

    private void notifyUp(DatagramListener listener) {
        try {
            listener.transportUp(this);
        } catch (RuntimeException e) {
            log.warn("{}: listener {} failed on transportUp", name, listener, e);
        }
    }

    private void notifyDown(DatagramListener listener, String reason) {
        try {
            listener.transportDown(this, reason);
        } catch (RuntimeException e) {
            log.warn("{}: listener {} failed on transportDown", name, listener, e);
        }
    }

    /** Each listener gets its own buffer, so that it may keep or change it. */
    private static ByteBuffer copy(ByteBuffer datagram) {
        return ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate()).flip();
    }

    /** The last listener gets the endpoint's fresh buffer itself: one copy fewer per datagram in the usual case. */
    private static ByteBuffer bufferFor(ByteBuffer datagram, Iterator<DatagramListener> rest) {
        return rest.hasNext() ? copy(datagram) : datagram;
    }

    /** Endpoint events, fanned out to the listeners and logged once per change. */
    private final class Events implements UdpEndpoint.Sink {

        @Override
        public void received(InetSocketAddress sender, ByteBuffer datagram) {
            Iterator<DatagramListener> it = listeners.iterator(); // a snapshot: the last one is known
            while (it.hasNext()) {
                DatagramListener listener = it.next();
                try {
                    listener.received(UdpTransport.this, sender, bufferFor(datagram, it));
                } catch (RuntimeException e) {
                    log.warn("{}: listener {} failed on a datagram from {}", name, listener, sender, e);
                }
            }
        }

        @Override
        public void stateChanged(TransportState state) {
            if (state.isUp()) {
                InetSocketAddress local = endpoint.localAddress();
                log.info("{} transport UP on {}", name,
                        local == null ? "?" : UdpEndpoint.hostPort(local.getAddress(), local.getPort()));
                listeners.forEach(UdpTransport.this::notifyUp);
                return;
            }
            if (UdpEndpoint.CLOSED.equals(state.reason())) {
                log.info("{} transport stopped", name);
            } else {
                log.warn("{} transport DOWN: {}; retrying every {} ms", name, state.reason(), recovery.tickMillis());
            }
            listeners.forEach(l -> notifyDown(l, state.reason()));
        }
    }
}
