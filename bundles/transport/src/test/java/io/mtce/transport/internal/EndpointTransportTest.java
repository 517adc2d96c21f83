package io.mtce.transport.internal;

import static io.mtce.transport.internal.Loopback.properties;
import static io.mtce.transport.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import io.mtce.transport.TransportState;
import io.mtce.transport.internal.Loopback.FakeRecovery;
import io.mtce.transport.udp.UdpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointTransportTest {

    /** What a network bundle is: the Transport service, delegating to the {@link UdpTransport} it opens. */
    private static final class TestComponent implements Transport {
        private final UdpTransport udp;

        TestComponent(Network network, Map<String, ?> properties, SocketRecovery recovery) {
            udp = new UdpTransportFactory(recovery).open(network, properties, this);
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

        void addListener(DatagramListener listener, Map<String, ?> properties) {
            udp.addListener(listener, properties);
        }

        void updatedListener(DatagramListener listener, Map<String, ?> properties) {
            udp.updatedListener(listener, properties);
        }

        void removeListener(DatagramListener listener) {
            udp.removeListener(listener);
        }

        void deactivate() {
            udp.close();
        }
    }

    /** A whiteboard listener recording every callback. */
    private static class Recorder implements DatagramListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void received(Transport from, InetSocketAddress sender, ByteBuffer datagram) {
            events.add(from.network() + " " + from.role() + " from " + sender.getPort() + ": " + text(datagram));
        }

        @Override
        public void transportUp(Transport t) {
            events.add("up " + t.network());
        }

        @Override
        public void transportDown(Transport t, String reason) {
            events.add("down " + t.network() + ": " + reason);
        }

        String await() throws InterruptedException {
            String e = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "no callback within 5 s");
            return e;
        }
    }

    private final FakeRecovery recovery = new FakeRecovery();
    private final List<TestComponent> transports = new ArrayList<>();

    @AfterEach
    void deactivateAll() {
        transports.forEach(TestComponent::deactivate);
    }

    private TestComponent transport(Network network, Map<String, ?> properties) {
        TestComponent t = new TestComponent(network, properties, recovery);
        transports.add(t);
        return t;
    }

    private static Map<String, Object> listenerProps(String role, Object networks) {
        return networks == null ? Map.of(TransportConstants.ROLE, role)
                : Map.of(TransportConstants.ROLE, role, TransportConstants.NETWORK, networks);
    }

    @Test
    void listenersOfTheRoleGetTheTransportAndTheSender() throws Exception {
        TestComponent client = transport(Network.MANAGEMENT, properties(Role.CLIENT, 0));
        TestComponent agent = transport(Network.MANAGEMENT, properties(Role.AGENT, 0));
        Recorder clientSide = new Recorder();
        Recorder agentSide = new Recorder();
        client.addListener(clientSide, listenerProps("client", null));
        agent.addListener(agentSide, listenerProps("agent", null));
        assertEquals("up MANAGEMENT", clientSide.await(), "a listener bound to an UP transport is told so");
        assertEquals("up MANAGEMENT", agentSide.await());

        agent.send(client.localAddress(), text("locked"));

        assertEquals("MANAGEMENT CLIENT from " + agent.localAddress().getPort() + ": locked", clientSide.await());
        assertTrue(agentSide.events.isEmpty());
        assertEquals("[UP, UP]", List.of(agent.state(), client.state()).toString());
    }

    @Test
    void listenersOfAnotherRoleOrNetworkAreNotFed() throws Exception {
        TestComponent pxeboot = transport(Network.PXEBOOT, properties(Role.CLIENT, 0));
        Recorder wrongRole = new Recorder();
        Recorder wrongNetwork = new Recorder();
        Recorder bothNetworks = new Recorder();
        pxeboot.addListener(wrongRole, listenerProps("agent", null));
        pxeboot.addListener(wrongNetwork, listenerProps("client", "management"));
        pxeboot.addListener(bothNetworks, listenerProps("client", new String[] {"management", "pxeboot"}));

        pxeboot.send(pxeboot.localAddress(), text("to myself"));

        assertEquals("up PXEBOOT", bothNetworks.await());
        assertTrue(bothNetworks.await().endsWith(": to myself"));
        assertTrue(wrongRole.events.isEmpty() && wrongNetwork.events.isEmpty());
    }

    @Test
    void aThrowingListenerNeitherStopsOthersNorLaterDatagrams() throws Exception {
        TestComponent rx = transport(Network.CLUSTER_HOST, properties(Role.AGENT, 0));
        TestComponent tx = transport(Network.CLUSTER_HOST, properties(Role.CLIENT, 0));
        DatagramListener broken = (from, sender, datagram) -> {
            datagram.put(0, (byte) 'X'); // its own copy: the next listener must not see this
            throw new IllegalStateException("listener bug");
        };
        Recorder good = new Recorder();
        rx.addListener(broken, listenerProps("agent", null));
        rx.addListener(good, listenerProps("agent", null));
        good.await(); // up

        tx.send(rx.localAddress(), text("one"));
        tx.send(rx.localAddress(), text("two"));

        assertTrue(good.await().endsWith(": one"));
        assertTrue(good.await().endsWith(": two"));
    }

    @Test
    void deactivationClosesUnregistersAndTellsListeners() throws Exception {
        TestComponent t = transport(Network.PXEBOOT, properties(Role.AGENT, 0));
        Recorder r = new Recorder();
        t.addListener(r, listenerProps("agent", "pxeboot"));
        r.await(); // up
        assertEquals(1, recovery.registered.size());

        t.deactivate();

        assertEquals("down PXEBOOT: transport stopped", r.await());
        assertTrue(recovery.registered.isEmpty());
        assertNull(t.localAddress());
        assertThrows(IOException.class, () -> t.send(Loopback.LOCALHOST, text("x")));
    }

    @Test
    void anUpdatedListenerThatNoLongerMatchesIsDropped() throws Exception {
        TestComponent t = transport(Network.MANAGEMENT, properties(Role.CLIENT, 0));
        Recorder r = new Recorder();
        Recorder witness = new Recorder();
        t.addListener(r, listenerProps("client", null));
        t.addListener(witness, listenerProps("client", null));
        r.await(); // up
        witness.await(); // up

        t.updatedListener(r, listenerProps("agent", null));
        t.send(t.localAddress(), text("ignored"));
        assertTrue(witness.await().endsWith(": ignored")); // dispatch is sequential: r was skipped by now
        assertTrue(r.events.isEmpty());
        t.updatedListener(r, listenerProps("client", null));

        assertEquals("up MANAGEMENT", r.await());
        t.removeListener(r);
        t.deactivate();
        assertTrue(r.events.isEmpty(), "an unbound listener hears nothing more");
    }

    @Test
    void invalidConfigurationIsDownNamingTheKeyAndNeverRetried() {
        Map<String, Object> p = properties(Role.CLIENT, 70000);

        TestComponent t = transport(Network.MANAGEMENT, p);

        assertFalse(t.state().isUp());
        assertEquals("invalid configuration: rx.port: 70000 is out of range -1..65535", t.state().reason());
        assertTrue(recovery.registered.isEmpty());
        IOException e = assertThrows(IOException.class, () -> t.send(Loopback.LOCALHOST, text("x")));
        assertTrue(e.getMessage().contains("rx.port"), e.getMessage());
        assertSame(Role.CLIENT, t.role());
    }

    @Test
    void anInvalidRoleIsDownAndMatchesNoListener() {
        Map<String, Object> p = properties(Role.CLIENT, 0);
        p.put(TransportConstants.ROLE, "boss");
        TestComponent t = transport(Network.CLUSTER_HOST, p);
        Recorder r = new Recorder();
        t.addListener(r, listenerProps("boss", null));

        assertEquals("invalid configuration: mtce.role: must be 'agent' or 'client', was 'boss'", t.state().reason());
        t.deactivate();
        assertTrue(r.events.isEmpty());
    }

    @Test
    void anInterfaceThatDoesNotExistYetIsDownButRetried() {
        Map<String, Object> p = properties(Role.AGENT, 0);
        p.remove(EndpointConfig.BIND_ADDRESS);
        p.put(EndpointConfig.BIND_INTERFACE, "nosuchif0");

        TestComponent t = transport(Network.MANAGEMENT, p);

        assertEquals("bind.interface 'nosuchif0' does not exist", t.state().reason());
        assertEquals(1, recovery.registered.size());
    }
}
