package io.mtce.transport.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.TransportState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test fixtures: loopback configurations, a recording sink, port blockers and a fake recovery. */
public final class Loopback {

    public static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();
    static final long WAIT_SECONDS = 5;

    private Loopback() {
    }

    /** Component properties for {@code role} bound to 127.0.0.1:{@code rxPort} (0: any free port). */
    public static Map<String, Object> properties(Role role, int rxPort) {
        Map<String, Object> p = new HashMap<>();
        p.put(EndpointConfig.ROLE, role.propertyValue());
        p.put(EndpointConfig.BIND_ADDRESS, "127.0.0.1");
        p.put(EndpointConfig.RX_PORT, rxPort);
        return p;
    }

    public static EndpointConfig config(Network network, Map<String, Object> properties) {
        try {
            return EndpointConfig.parse(network, properties);
        } catch (InvalidConfigurationException e) {
            throw new AssertionError(e);
        }
    }

    public static EndpointConfig config(Network network, Role role, int rxPort) {
        return config(network, properties(role, rxPort));
    }

    public static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    /** A socket holding 127.0.0.1:{@code port} (0: a free one) without SO_REUSEADDR, so that binding it fails. */
    public static DatagramChannel blocker(int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(LOCALHOST, port));
        return ch;
    }

    public static int port(DatagramChannel ch) throws IOException {
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    /** The name of the interface carrying 127.0.0.1 ("lo" on Linux). */
    public static String loopbackInterface() throws SocketException {
        return NetworkInterface.getByInetAddress(LOCALHOST).getName();
    }

    /** One received datagram. */
    public record Received(InetSocketAddress sender, String text) {
    }

    /** Records what an endpoint reports; await methods poll with a timeout, never sleep. */
    public static class RecordingSink implements UdpEndpoint.Sink {

        public final BlockingQueue<Received> datagrams = new LinkedBlockingQueue<>();
        public final List<TransportState> states = new CopyOnWriteArrayList<>();

        @Override
        public void received(InetSocketAddress sender, ByteBuffer datagram) {
            datagrams.add(new Received(sender, text(datagram)));
        }

        @Override
        public void stateChanged(TransportState state) {
            states.add(state);
        }

        public Received awaitDatagram() throws InterruptedException {
            Received r = datagrams.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(r, "no datagram within " + WAIT_SECONDS + " s");
            return r;
        }
    }

    /** A {@link SocketRecovery} that only records registrations; tests tick by calling retryIfDown themselves. */
    public static final class FakeRecovery implements SocketRecovery {

        public final List<UdpEndpoint> registered = new CopyOnWriteArrayList<>();

        @Override
        public void register(UdpEndpoint endpoint) {
            registered.add(endpoint);
        }

        @Override
        public void unregister(UdpEndpoint endpoint) {
            registered.remove(endpoint);
        }

        @Override
        public long tickMillis() {
            return 5_000;
        }
    }
}
