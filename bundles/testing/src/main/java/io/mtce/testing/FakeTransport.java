package io.mtce.testing;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A transport that records what is sent through it; it can be switched DOWN or made to fail its sends. */
public final class FakeTransport implements Transport {
    /** The agent's rx port: where a client transport's {@link #send(InetAddress, ByteBuffer)} goes. */
    public static final int AGENT_PORT = 2101;
    /** The client's management rx port: where an agent transport's {@link #send(InetAddress, ByteBuffer)} goes. */
    public static final int CLIENT_PORT = 2118;

    /** One datagram sent. */
    public record Sent(Network network, InetAddress peer, int port, byte[] bytes) {
    }

    private final Network network;
    private final Role role;
    private final BlockingQueue<Sent> sent;
    private volatile TransportState state = TransportState.up();
    private volatile boolean failing;

    public FakeTransport(Network network, Role role) {
        this(network, role, new LinkedBlockingQueue<>());
    }

    /** Records into {@code sent}, which several transports may share to observe the order across them. */
    public FakeTransport(Network network, Role role, BlockingQueue<Sent> sent) {
        this.network = network;
        this.role = role;
        this.sent = sent;
    }

    public void up(boolean up) {
        state = up ? TransportState.up() : TransportState.down("test");
    }

    public void failing(boolean fail) {
        failing = fail;
    }

    public BlockingQueue<Sent> sent() {
        return sent;
    }

    /** The next datagram sent, waiting up to {@code millis}; {@code null} when none came. */
    public Sent poll(long millis) throws InterruptedException {
        return sent.poll(millis, TimeUnit.MILLISECONDS);
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
        return state;
    }

    @Override
    public InetSocketAddress localAddress() {
        return state.isUp() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : null;
    }

    @Override
    public void send(InetAddress peer, ByteBuffer datagram) throws IOException {
        record(peer, peerPort(), datagram);
    }

    @Override
    public void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException {
        record(peer.getAddress(), peer.getPort(), datagram);
    }

    private void record(InetAddress peer, int port, ByteBuffer datagram) throws IOException {
        if (!state.isUp()) {
            throw new IOException("transport is DOWN");
        }
        if (failing) {
            throw new IOException("network unreachable");
        }
        ByteBuffer copy = datagram.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        sent.add(new Sent(network, peer, port, bytes));
    }

    @Override
    public String toString() {
        return "FakeTransport[" + network + "]";
    }

    /** The configured peer port of this transport: the other role's rx port. */
    public int peerPort() {
        return role == Role.AGENT ? CLIENT_PORT : AGENT_PORT;
    }
}
