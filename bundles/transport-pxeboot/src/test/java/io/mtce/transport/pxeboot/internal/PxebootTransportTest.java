package io.mtce.transport.pxeboot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.internal.EndpointConfig;
import io.mtce.transport.internal.SocketRecovery;
import io.mtce.transport.internal.UdpTransportFactory;
import io.mtce.transport.udp.UdpTransports;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PxebootTransportTest {

    private static final SocketRecovery NO_RECOVERY = (SocketRecovery) Proxy.newProxyInstance(
            SocketRecovery.class.getClassLoader(), new Class<?>[] {SocketRecovery.class},
            (proxy, method, args) -> method.getName().equals("tickMillis") ? 5_000L : null);
    private static final UdpTransports UDP = new UdpTransportFactory(NO_RECOVERY);

    @Test
    void comesUpOnIpv4AndAcksReachTheSourcePort() throws Exception {
        PxebootTransport agent = new PxebootTransport(Map.of("mtce.role", "agent", "bind.address", "127.0.0.1",
                "rx.port", 0), UDP);
        PxebootTransport client = new PxebootTransport(Map.of("mtce.role", "client", "bind.address", "127.0.0.1",
                "rx.port", 0), UDP);
        CompletableFuture<InetSocketAddress> ackSource = new CompletableFuture<>();
        client.addListener((from, sender, datagram) -> ackSource.complete(sender), Map.of("mtce.role", "client"));
        try {
            assertEquals(Network.PXEBOOT, agent.network());
            assertEquals(Role.AGENT, agent.role());
            agent.send(client.localAddress(), ByteBuffer.wrap(new byte[] {42}));

            assertEquals(agent.localAddress(), ackSource.get(5, TimeUnit.SECONDS));
        } finally {
            agent.deactivate();
            client.deactivate();
        }
    }

    @Test
    void anIpv6AddressIsAConfigurationErrorNamingTheKey() {
        PxebootTransport t = new PxebootTransport(Map.of("mtce.role", "client", "bind.address", "::1"), UDP);

        assertFalse(t.state().isUp());
        assertEquals("invalid configuration: bind.address: the pxeboot network is IPv4 only", t.state().reason());
        t.deactivate();
    }

    @Test
    void specPortsAreTheDefaultsAndTheMetatypeOffersNoIpv6() throws Exception {
        EndpointConfig client = EndpointConfig.parse(Network.PXEBOOT, Map.of("mtce.role", "client"));

        assertEquals(2119, client.rxPort());
        assertEquals(2102, client.peerPort());
        assertTrue(Arrays.stream(PxebootTransport.Config.class.getDeclaredMethods())
                .noneMatch(m -> m.getName().equals("address_family")));
    }
}
