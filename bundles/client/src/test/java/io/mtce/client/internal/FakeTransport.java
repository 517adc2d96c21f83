package io.mtce.client.internal;

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
final class FakeTransport implements Transport {
    /** The port recorded for {@link #send(InetAddress, ByteBuffer)}: the configured peer port. */
    static final int PEER_PORT = 2101;

    /** One datagram sent. */
    record Sent(Network network, InetAddress peer, int port, byte[] bytes) {
    }

    private final Network network;
    private final Role role;
    private final BlockingQueue<Sent> sent;
    private volatile TransportState state = TransportState.up();
    private volatile boolean failing;

    FakeTransport(Network network, Role role) {
        this(network, role, new LinkedBlockingQueue<>());
    }

    /** Records into {@code sent}, which several transports may share to observe the order across them. */
    FakeTransport(Network network, Role role, BlockingQueue<Sent> sent) {
        this.network = network;
        this.role = role;
        this.sent = sent;
    }

    void up(boolean up) {
        state = up ? TransportState.up() : TransportState.down("test");
    }

    void failing(boolean fail) {
        failing = fail;
    }

    BlockingQueue<Sent> sent() {
        return sent;
    }

    /** The next datagram sent, waiting up to {@code millis}; {@code null} when none came. */
    Sent poll(long millis) throws InterruptedException {
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
        record(peer, PEER_PORT, datagram);
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
}
