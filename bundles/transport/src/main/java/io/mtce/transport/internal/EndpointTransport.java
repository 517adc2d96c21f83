package io.mtce.transport.internal;

import io.mtce.protocol.Network;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.TransportState;
import io.mtce.transport.udp.UdpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link UdpTransport} on one {@link UdpEndpoint}, registered with {@link SocketRecovery} until it is closed, that
 * dispatches to the listeners its network component binds. Listeners receive datagrams only when their
 * {@code mtce.role} names this transport's role and their {@code mtce.network}, if any, names its network. An invalid
 * configuration never throws: the transport is DOWN with the error, naming the key, as its reason ({@link #role()}
 * is then AGENT if the role itself is invalid; the component's service property still carries the raw value, so no
 * role binds it).
 */
final class EndpointTransport implements UdpTransport {

    private final Network network;
    private final Role role;
    private final String name;
    private final Transport service;
    private final SocketRecovery recovery;
    private final UdpEndpoint endpoint; // null when the configuration is invalid
    private final TransportState configError; // null when the configuration is valid
    private final CopyOnWriteArrayList<DatagramListener> listeners = new CopyOnWriteArrayList<>();
    private final Logger log;

    /**
     * @param service what listeners are told the datagrams came from; its class names the logger, so that log lines
     *     name the network bundle's component
     */
    EndpointTransport(Network network, Map<String, ?> properties, Transport service, SocketRecovery recovery) {
        this.network = network;
        Role configured = EndpointConfig.roleOrNull(properties);
        this.role = configured != null ? configured : Role.AGENT;
        this.name = network.key() + "/" + (configured != null ? configured.propertyValue() : "invalid-role");
        this.service = service;
        this.recovery = recovery;
        this.log = LoggerFactory.getLogger(service.getClass());
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
    public Network network() {
        return network;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public TransportState state() {
        return endpoint != null ? endpoint.state() : configError;
    }

    @Override
    public InetSocketAddress localAddress() {
        return endpoint != null ? endpoint.localAddress() : null;
    }

    @Override
    public void send(InetAddress peer, ByteBuffer datagram) throws IOException {
        requireEndpoint().send(peer, datagram);
    }

    @Override
    public void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException {
        requireEndpoint().send(peer, datagram);
    }

    @Override
    public void addListener(DatagramListener listener, Map<String, ?> properties) {
        if (!accepts(properties) || !listeners.addIfAbsent(listener)) {
            return;
        }
        TransportState now = state();
        if (now.isUp()) {
            notifyUp(listener);
        }
    }

    @Override
    public void updatedListener(DatagramListener listener, Map<String, ?> properties) {
        if (accepts(properties)) {
            addListener(listener, properties);
        } else {
            listeners.remove(listener);
        }
    }

    @Override
    public void removeListener(DatagramListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
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
        return contains(properties.get(TransportConstants.ROLE), role.propertyValue())
                && (networks == null || contains(networks, network.key()));
    }

    /** Whether a String, String[] or Collection property value contains {@code wanted}. */
    private static boolean contains(Object value, String wanted) {
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
            listener.transportUp(service);
        } catch (RuntimeException e) {
            log.warn("{}: listener {} failed on transportUp", name, listener, e);
        }
    }

    private void notifyDown(DatagramListener listener, String reason) {
        try {
            listener.transportDown(service, reason);
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
                    listener.received(service, sender, bufferFor(datagram, it));
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
                listeners.forEach(EndpointTransport.this::notifyUp);
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
