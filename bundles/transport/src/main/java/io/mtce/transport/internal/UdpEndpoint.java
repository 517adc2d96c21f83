package io.mtce.transport.internal;

import io.mtce.transport.TransportState;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket: bound from an {@link EndpointConfig}, received on its own thread, and DOWN with a reason whenever it
 * is not bound. Binding never throws; a failure is a DOWN state that {@link #retryIfDown()} (called on every
 * {@link SocketRecovery} tick) tries again. Thread-safe.
 */
public final class UdpEndpoint {

    /** Where an endpoint reports datagrams and state changes; called on the receive or recovery thread. */
    public interface Sink {

        /** @param datagram a fresh buffer holding exactly the received bytes */
        void received(InetSocketAddress sender, ByteBuffer datagram);

        /** Called on every change of the up flag or the reason, never twice for the same state. */
        void stateChanged(TransportState state);
    }

    /** The reason given once {@link #close()} was called. */
    public static final String CLOSED = "transport stopped";

    // Large enough for any UDP datagram, so that nothing is ever truncated into something that looks valid.
    private static final int RECEIVE_BUFFER_BYTES = 65_536;
    private static final long JOIN_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);

    private final EndpointConfig config;
    private final Sink sink;
    private final Object lock = new Object();

    private volatile TransportState state = TransportState.down("not bound yet");
    private volatile DatagramChannel channel;
    private volatile InetSocketAddress localAddress;
    private Thread receiver; // guarded by lock
    private boolean closed; // guarded by lock

    public UdpEndpoint(EndpointConfig config, Sink sink) {
        this.config = config;
        this.sink = sink;
    }

    public EndpointConfig config() {
        return config;
    }

    public TransportState state() {
        return state;
    }

    /** @return the bound address, or {@code null} while DOWN */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Binds the socket unless it is bound already or the endpoint is closed. The first bind is just the first call.
     *
     * @return whether the endpoint is UP afterwards
     */
    public boolean retryIfDown() {
        synchronized (lock) {
            if (closed || channel != null) {
                return channel != null;
            }
            setState(bind());
            return channel != null;
        }
    }

    public void send(InetAddress peer, ByteBuffer datagram) throws IOException {
        send(new InetSocketAddress(peer, config.peerPort()), datagram);
    }

    /** Sends the remaining bytes of {@code datagram}; its position is left unchanged. */
    public void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException {
        DatagramChannel ch = channel;
        InetSocketAddress local = localAddress;
        if (ch == null || local == null) {
            throw new IOException(config.name() + " transport is DOWN: " + state.reason());
        }
        if (peer.isUnresolved()) {
            throw new IOException(config.name() + ": peer " + peer.getHostString() + " is not an IP address");
        }
        boolean peerIpv6 = peer.getAddress() instanceof Inet6Address;
        if (peerIpv6 != config.ipv6()) {
            throw new IOException(config.name() + ": cannot send to " + family(peerIpv6) + " peer "
                    + peer.getAddress().getHostAddress() + " from " + family(config.ipv6()) + " address "
                    + local.getAddress().getHostAddress());
        }
        ch.send(datagram.duplicate(), peer);
    }

    /** Closes the socket for good and waits for the receive thread to end. Idempotent. */
    public void close() {
        Thread stopped;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopped = receiver;
            release();
            setState(TransportState.down(CLOSED));
        }
        if (stopped != null && stopped != Thread.currentThread()) {
            try {
                stopped.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TransportState bind() {
        InetAddress address;
        try {
            address = resolveAddress();
        } catch (SocketException e) {
            return TransportState.down(EndpointConfig.BIND_INTERFACE + " '" + config.bindInterface()
                    + "' cannot be read: " + e.getMessage());
        }
        if (address == null) {
            return TransportState.down(interfaceProblem());
        }
        int port = config.rxPort();
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(config.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, config.reuseAddress());
            if (config.rcvbufBytes() > 0) {
                setReceiveBuffer(ch, config.rcvbufBytes());
            }
            ch.bind(new InetSocketAddress(address, port));
            channel = ch;
            localAddress = (InetSocketAddress) ch.getLocalAddress();
            receiver = startReceiver(ch);
            return TransportState.up();
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            channel = null;
            localAddress = null;
            return TransportState.down("cannot bind " + hostPort(address, port) + ": " + message(e));
        }
    }

    /**
     * Linux caps SO_RCVBUF at net.core.rmem_max without an error (the JDK reports the capped value back); a capped
     * buffer is where a burst of mtcAlive from thousands of hosts is dropped, so say so where the operator looks.
     */
    private void setReceiveBuffer(DatagramChannel ch, int requested) throws IOException {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, requested);
        int granted = ch.getOption(StandardSocketOptions.SO_RCVBUF);
        if (granted < requested) {
            LOG.warn("{}: SO_RCVBUF {} requested, the kernel granted {}: raise net.core.rmem_max to at least {}",
                    config.name(), requested, granted, requested);
        }
    }

    /** @return the address to bind, or {@code null} when there is none yet ({@link #interfaceProblem()} says why) */
    private InetAddress resolveAddress() throws SocketException {
        if (config.bindAddress() != null) {
            return config.bindAddress();
        }
        if (config.bindInterface().isEmpty()) {
            return null;
        }
        NetworkInterface nic = NetworkInterface.getByName(config.bindInterface());
        if (nic == null || !nic.isUp()) {
            return null;
        }
        List<InetAddress> candidates = Collections.list(nic.getInetAddresses()).stream()
                .filter(a -> (a instanceof Inet6Address) == config.ipv6())
                .sorted((a, b) -> Boolean.compare(a.isLinkLocalAddress(), b.isLinkLocalAddress()))
                .toList();
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    private String interfaceProblem() {
        String name = config.bindInterface();
        if (name.isEmpty()) {
            return "no address configured (set " + EndpointConfig.BIND_ADDRESS + " or "
                    + EndpointConfig.BIND_INTERFACE + ")";
        }
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                return EndpointConfig.BIND_INTERFACE + " '" + name + "' does not exist";
            }
            if (!nic.isUp()) {
                return EndpointConfig.BIND_INTERFACE + " '" + name + "' is down";
            }
        } catch (SocketException e) {
            return EndpointConfig.BIND_INTERFACE + " '" + name + "' cannot be read: " + e.getMessage();
        }
        return EndpointConfig.BIND_INTERFACE + " '" + name + "' has no " + family(config.ipv6()) + " address";
    }

    private Thread startReceiver(DatagramChannel ch) {
        Thread t = new Thread(() -> receiveLoop(ch), "mtce-udp-" + config.name().replace('/', '-'));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void receiveLoop(DatagramChannel ch) {
        ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER_BYTES);
        while (true) {
            buffer.clear();
            SocketAddress from;
            try {
                from = ch.receive(buffer);
            } catch (PortUnreachableException e) {
                continue; // an ICMP error for an earlier send; the socket is fine
            } catch (ClosedChannelException e) {
                failed(ch, "socket closed");
                return;
            } catch (IOException | RuntimeException e) {
                failed(ch, "receive failed: " + message(e));
                return;
            }
            if (from == null) {
                continue;
            }
            buffer.flip();
            ByteBuffer datagram = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
            try {
                sink.received((InetSocketAddress) from, datagram);
            } catch (RuntimeException e) {
                LOG.warn("{}: datagram handler failed; receiving goes on", config.name(), e);
            }
        }
    }

    /** The receive loop of {@code ch} ended; a no-op when it was closed on purpose. */
    private void failed(DatagramChannel ch, String reason) {
        synchronized (lock) {
            if (closed || channel != ch) {
                return;
            }
            release();
            setState(TransportState.down(reason));
        }
    }

    private void release() {
        closeQuietly(channel);
        channel = null;
        localAddress = null;
        receiver = null;
    }

    private void setState(TransportState next) {
        if (next.sameAs(state)) {
            return;
        }
        state = next;
        try {
            sink.stateChanged(next);
        } catch (RuntimeException e) {
            LOG.warn("{}: state listener failed on {}", config.name(), next, e);
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing a datagram channel failed", e);
            }
        }
    }

    static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String family(boolean ipv6) {
        return ipv6 ? "IPv6" : "IPv4";
    }
}
