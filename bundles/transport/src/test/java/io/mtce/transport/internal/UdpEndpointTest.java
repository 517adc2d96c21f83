package io.mtce.transport.internal;

import static io.mtce.transport.internal.Loopback.LOCALHOST;
import static io.mtce.transport.internal.Loopback.blocker;
import static io.mtce.transport.internal.Loopback.config;
import static io.mtce.transport.internal.Loopback.port;
import static io.mtce.transport.internal.Loopback.properties;
import static io.mtce.transport.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.internal.Loopback.Received;
import io.mtce.transport.internal.Loopback.RecordingSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpEndpointTest {

    private final List<UdpEndpoint> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(UdpEndpoint::close);
    }

    private UdpEndpoint endpoint(EndpointConfig config, RecordingSink sink) {
        UdpEndpoint e = new UdpEndpoint(config, sink);
        opened.add(e);
        return e;
    }

    private UdpEndpoint up(Network network, Role role, RecordingSink sink) {
        UdpEndpoint e = endpoint(config(network, role, 0), sink);
        assertTrue(e.retryIfDown(), () -> "not UP: " + e.state());
        return e;
    }

    @Test
    void sendsAndReceivesOnLoopbackWithTheSenderAddress() throws Exception {
        RecordingSink clientSink = new RecordingSink();
        UdpEndpoint client = up(Network.MANAGEMENT, Role.CLIENT, clientSink);
        Map<String, Object> agentProps = properties(Role.AGENT, 0);
        agentProps.put(EndpointConfig.PEER_PORT, client.localAddress().getPort());
        UdpEndpoint agent = endpoint(config(Network.MANAGEMENT, agentProps), new RecordingSink());
        assertTrue(agent.retryIfDown());

        ByteBuffer hello = text("hello client");
        agent.send(LOCALHOST, hello);
        Received r = clientSink.awaitDatagram();

        assertEquals("hello client", r.text());
        assertEquals(agent.localAddress(), r.sender());
        assertEquals(0, hello.position(), "send must leave the caller's buffer as it was");
        assertEquals(Network.MANAGEMENT, client.config().network());
        assertTrue(client.state().isUp());
        assertEquals(1, clientSink.states.size(), "exactly one change: DOWN(not bound yet) -> UP");
    }

    @Test
    void aReceiveBufferTheKernelCapsStillBindsAndReceives() throws Exception {
        Map<String, Object> props = properties(Role.AGENT, 0);
        props.put(EndpointConfig.RCVBUF_BYTES, 1 << 30); // above any net.core.rmem_max: granted less, and warned
        RecordingSink sink = new RecordingSink();
        UdpEndpoint agent = endpoint(config(Network.MANAGEMENT, props), sink);
        assertTrue(agent.retryIfDown(), () -> "not UP: " + agent.state());

        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.send(text("after the cap"), agent.localAddress());
        }

        assertEquals("after the cap", sink.awaitDatagram().text());
    }

    @Test
    void closeStopsTheReceiverAndFreesThePort() throws Exception {
        RecordingSink sink = new RecordingSink();
        UdpEndpoint e = up(Network.CLUSTER_HOST, Role.AGENT, sink);
        InetSocketAddress was = e.localAddress();
        String threadName = "mtce-udp-cluster-host-agent";
        assertTrue(receiverAlive(threadName));

        e.close();
        e.close();

        assertFalse(receiverAlive(threadName), "receive thread must end on close");
        assertFalse(e.state().isUp());
        assertEquals(UdpEndpoint.CLOSED, e.state().reason());
        assertNull(e.localAddress());
        assertFalse(e.retryIfDown(), "a closed endpoint never binds again");
        try (DatagramChannel rebound = DatagramChannel.open()) {
            rebound.bind(was); // the port is free again
        }
        IOException down = assertThrows(IOException.class, () -> e.send(was, text("x")));
        assertTrue(down.getMessage().contains("DOWN"), down.getMessage());
    }

    @Test
    void aFailingHandlerDoesNotStopLaterDeliveries() throws Exception {
        RecordingSink sink = new RecordingSink() {
            private boolean first = true;

            @Override
            public void received(InetSocketAddress sender, ByteBuffer datagram) {
                if (first) {
                    first = false;
                    throw new IllegalStateException("listener bug");
                }
                super.received(sender, datagram);
            }
        };
        UdpEndpoint rx = up(Network.PXEBOOT, Role.AGENT, sink);
        UdpEndpoint tx = up(Network.PXEBOOT, Role.CLIENT, new RecordingSink());

        tx.send(rx.localAddress(), text("one"));
        tx.send(rx.localAddress(), text("two"));

        assertEquals("two", sink.awaitDatagram().text());
        assertTrue(rx.state().isUp());
    }

    @Test
    void bindingAnAddressNotOnThisHostIsDownWithTheReason() throws Exception {
        InetAddress foreign = InetAddress.getByName("203.0.113.1"); // TEST-NET-3
        assumeTrue(NetworkInterface.getByInetAddress(foreign) == null, "203.0.113.1 is configured here");
        Map<String, Object> p = properties(Role.AGENT, 0);
        p.put(EndpointConfig.BIND_ADDRESS, "203.0.113.1");
        RecordingSink sink = new RecordingSink();
        UdpEndpoint e = endpoint(config(Network.MANAGEMENT, p), sink);

        assertFalse(e.retryIfDown());
        assertFalse(e.retryIfDown());

        assertTrue(e.state().reason().startsWith("cannot bind 203.0.113.1:0: "), e.state().reason());
        assertEquals(1, sink.states.size(), "the same failure is reported once, not on every retry");
    }

    @Test
    void aTakenPortIsDownUntilFreedThenRetryBringsItUp() throws Exception {
        DatagramChannel holder = blocker(0);
        int port = port(holder);
        RecordingSink sink = new RecordingSink();
        UdpEndpoint e = endpoint(config(Network.MANAGEMENT, Role.CLIENT, port), sink);

        assertFalse(e.retryIfDown());
        assertTrue(e.state().reason().startsWith("cannot bind 127.0.0.1:" + port), e.state().reason());

        holder.close();
        assertTrue(e.retryIfDown(), () -> e.state().toString());
        UdpEndpoint tx = up(Network.MANAGEMENT, Role.AGENT, new RecordingSink());
        tx.send(e.localAddress(), text("after recovery"));
        assertEquals("after recovery", sink.awaitDatagram().text());
        assertEquals(port, e.localAddress().getPort());
    }

    @Test
    void withoutAnAddressItIsDownSayingWhichKeysToSet() {
        Map<String, Object> p = properties(Role.CLIENT, 0);
        p.remove(EndpointConfig.BIND_ADDRESS);
        UdpEndpoint e = endpoint(config(Network.MANAGEMENT, p), new RecordingSink());

        assertFalse(e.retryIfDown());
        assertTrue(e.state().reason().contains("bind.address") && e.state().reason().contains("bind.interface"),
                e.state().reason());
    }

    @Test
    void anUnknownInterfaceIsDownNamingTheKey() {
        Map<String, Object> p = properties(Role.CLIENT, 0);
        p.remove(EndpointConfig.BIND_ADDRESS);
        p.put(EndpointConfig.BIND_INTERFACE, "nosuchif0");
        UdpEndpoint e = endpoint(config(Network.PXEBOOT, p), new RecordingSink());

        assertFalse(e.retryIfDown());
        assertEquals("bind.interface 'nosuchif0' does not exist", e.state().reason());
    }

    @Test
    void bindsTheIpv4AddressOfAnInterface() throws Exception {
        Map<String, Object> p = properties(Role.AGENT, 0);
        p.remove(EndpointConfig.BIND_ADDRESS);
        p.put(EndpointConfig.BIND_INTERFACE, Loopback.loopbackInterface());
        UdpEndpoint e = endpoint(config(Network.MANAGEMENT, p), new RecordingSink());

        assertTrue(e.retryIfDown(), () -> e.state().toString());
        assertEquals(LOCALHOST, e.localAddress().getAddress());
    }

    @Test
    void aPeerOfTheOtherFamilyIsRefusedWithAClearError() throws Exception {
        UdpEndpoint e = up(Network.MANAGEMENT, Role.AGENT, new RecordingSink());

        IOException ex = assertThrows(IOException.class,
                () -> e.send(new InetSocketAddress(InetAddress.getByName("::1"), 2118), text("x")));
        assertTrue(ex.getMessage().matches(
                "management/agent: cannot send to IPv6 peer \\S+ from IPv4 address 127.0.0.1"), ex.getMessage());
    }

    @Test
    void sendingWhileDownFailsWithTheReason() throws Exception {
        DatagramChannel holder = blocker(0);
        try (holder) {
            UdpEndpoint e = endpoint(config(Network.CLUSTER_HOST, Role.CLIENT, port(holder)), new RecordingSink());
            e.retryIfDown();

            IOException ex = assertThrows(IOException.class, () -> e.send(LOCALHOST, text("x")));
            assertTrue(ex.getMessage().startsWith("cluster-host/client transport is DOWN: cannot bind"),
                    ex.getMessage());
        }
    }

    private static boolean receiverAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
