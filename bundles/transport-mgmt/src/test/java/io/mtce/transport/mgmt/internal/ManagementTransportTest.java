package io.mtce.transport.mgmt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.internal.EndpointConfig;
import io.mtce.transport.internal.SocketRecovery;
import io.mtce.transport.internal.UdpEndpoint;
import io.mtce.transport.internal.UdpTransportFactory;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementTransportTest {

    private final List<UdpEndpoint> recovering = new ArrayList<>();
    private final SocketRecovery recovery = new SocketRecovery() {
        @Override
        public void register(UdpEndpoint endpoint) {
            recovering.add(endpoint);
        }

        @Override
        public void unregister(UdpEndpoint endpoint) {
            recovering.remove(endpoint);
        }

        @Override
        public long tickMillis() {
            return 5_000;
        }
    };
    private final List<ManagementTransport> active = new ArrayList<>();

    @AfterEach
    void deactivate() {
        active.forEach(ManagementTransport::deactivate);
    }

    private ManagementTransport activate(Map<String, Object> properties) {
        ManagementTransport t = new ManagementTransport(properties, new UdpTransportFactory(recovery));
        active.add(t);
        return t;
    }

    @Test
    void theAgentReachesTheClientOnItsPeerPort() throws Exception {
        ManagementTransport client = activate(Map.of("mtce.role", "client", "bind.address", "127.0.0.1",
                "rx.port", 0));
        ManagementTransport agent = activate(Map.of("mtce.role", "agent", "bind.address", "127.0.0.1",
                "rx.port", 0, "peer.port", client.localAddress().getPort()));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.addListener((from, sender, datagram) -> received.add(from.network() + " " + from.role() + " from "
                + sender.getPort() + ", " + datagram.remaining() + " bytes"), Map.of("mtce.role", "client"));

        agent.send(InetAddress.getLoopbackAddress(), ByteBuffer.allocate(100));

        assertEquals("MANAGEMENT CLIENT from " + agent.localAddress().getPort() + ", 100 bytes",
                received.poll(5, TimeUnit.SECONDS));
        assertEquals(Network.MANAGEMENT, agent.network());
        assertEquals(Role.AGENT, agent.role());
        assertTrue(agent.state().isUp() && client.state().isUp());
        assertEquals(2, recovering.size(), "both endpoints are watched by socket recovery");
    }

    @Test
    void metatypeDefaultsAreTheSpecDefaults() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of("mtce.role", "agent"));
        for (Method attribute : ManagementTransport.Config.class.getDeclaredMethods()) {
            if (attribute.getDefaultValue() != null) { // what a console writes back: every default, by its DS key
                properties.put(attribute.getName().replace('_', '.'), attribute.getDefaultValue());
            }
        }

        EndpointConfig agent = EndpointConfig.parse(Network.MANAGEMENT, properties);

        assertEquals(2101, agent.rxPort());
        assertEquals(2118, agent.peerPort());
        assertEquals(EndpointConfig.AGENT_RCVBUF_BYTES, agent.rcvbufBytes());
        assertEquals("(mtce.role=*)", properties.get("listener.target"));
        assertEquals(Set.of(EndpointConfig.ROLE, EndpointConfig.BIND_ADDRESS, EndpointConfig.BIND_INTERFACE,
                EndpointConfig.ADDRESS_FAMILY, EndpointConfig.RX_PORT, EndpointConfig.PEER_PORT,
                EndpointConfig.RCVBUF_BYTES, EndpointConfig.REUSE_ADDRESS, "listener.target"), properties.keySet(),
                "every metatype key is one the parser reads");
    }
}
