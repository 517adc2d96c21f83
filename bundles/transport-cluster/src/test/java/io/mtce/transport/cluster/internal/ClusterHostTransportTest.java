package io.mtce.transport.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.DatagramListener;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.internal.SocketRecovery;
import io.mtce.transport.internal.UdpTransportFactory;
import io.mtce.transport.udp.UdpTransports;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterHostTransportTest {

    /** Socket recovery is the transport bundle's business; here nothing is ever DOWN for long. */
    private static final SocketRecovery IDLE = (SocketRecovery) Proxy.newProxyInstance(
            SocketRecovery.class.getClassLoader(), new Class<?>[] {SocketRecovery.class},
            (proxy, method, args) -> method.getName().equals("tickMillis") ? 5_000L : null);
    private static final UdpTransports UDP = new UdpTransportFactory(IDLE);

    /** The agent side of the whiteboard, as the agent role would register it. */
    private static final class AgentInbox implements DatagramListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void received(Transport from, InetSocketAddress sender, ByteBuffer datagram) {
            events.add(from.network() + " from " + sender.getPort() + ": "
                    + StandardCharsets.US_ASCII.decode(datagram));
        }

        @Override
        public void transportDown(Transport transport, String reason) {
            events.add("DOWN " + reason);
        }
    }

    @Test
    void theClientReachesTheAgentAndTheAgentHearsWhenItStops() throws Exception {
        ClusterHostTransport agent = new ClusterHostTransport(
                Map.of("mtce.role", "agent", "bind.address", "127.0.0.1", "rx.port", "0"), UDP);
        ClusterHostTransport client = new ClusterHostTransport(
                Map.of("mtce.role", "client", "bind.address", "127.0.0.1", "rx.port", "0"), UDP);
        AgentInbox inbox = new AgentInbox();
        agent.addListener(inbox, Map.of("mtce.role", "agent", "mtce.network", "cluster-host"));
        try {
            client.send(agent.localAddress(), ByteBuffer.wrap("mtcAlive".getBytes(StandardCharsets.US_ASCII)));

            assertEquals("CLUSTER_HOST from " + client.localAddress().getPort() + ": mtcAlive",
                    inbox.events.poll(5, TimeUnit.SECONDS));
            assertEquals(Role.CLIENT, client.role());
            assertEquals(Network.CLUSTER_HOST, client.network());
        } finally {
            client.deactivate();
            agent.deactivate();
        }
        assertEquals("DOWN transport stopped", inbox.events.poll(5, TimeUnit.SECONDS));
        assertNull(agent.localAddress());
    }

    @Test
    void aMissingInterfaceIsDownUntilItAppears() {
        ClusterHostTransport client = new ClusterHostTransport(
                Map.of("mtce.role", "client", "bind.interface", "nosuchif0"), UDP);
        try {
            assertFalse(client.state().isUp());
            assertTrue(client.state().reason().contains("bind.interface 'nosuchif0'"), client.state().reason());
            assertNotNull(client.state().since());
            assertTrue(client.toString().startsWith("cluster-host/client transport DOWN"), client.toString());
        } finally {
            client.deactivate();
        }
    }
}
