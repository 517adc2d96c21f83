package io.mtce.transport.internal;

import static io.mtce.transport.internal.Loopback.blocker;
import static io.mtce.transport.internal.Loopback.config;
import static io.mtce.transport.internal.Loopback.port;
import static io.mtce.transport.internal.Loopback.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Network;
import io.mtce.transport.Role;
import io.mtce.transport.TransportState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class RecoverySchedulerTest {

    private static final long NEVER_MS = 3_600_000; // tests tick by hand

    /** Every UP transition of every endpoint, in the order they happened. */
    private final BlockingQueue<Network> cameUp = new LinkedBlockingQueue<>();
    private final List<UdpEndpoint> endpoints = new ArrayList<>();
    private final List<DatagramChannel> blockers = new CopyOnWriteArrayList<>();
    private RecoveryScheduler scheduler;

    @AfterEach
    void tearDown() throws IOException {
        endpoints.forEach(UdpEndpoint::close);
        for (DatagramChannel b : blockers) {
            b.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static RecoveryScheduler.Config tick(long millis) {
        return Converters.standardConverter().convert(Map.of("tick.ms", millis)).to(RecoveryScheduler.Config.class);
    }

    /** A registered endpoint that is DOWN because its port is held by a blocker (closed to let it recover). */
    private DatagramChannel blockedEndpoint(Network network) throws IOException {
        DatagramChannel holder = blocker(0);
        blockers.add(holder);
        UdpEndpoint e = endpoint(config(network, Role.CLIENT, port(holder)));
        assertFalse(e.retryIfDown());
        return holder;
    }

    private UdpEndpoint endpoint(EndpointConfig config) {
        UdpEndpoint e = new UdpEndpoint(config, new UdpEndpoint.Sink() {
            @Override
            public void received(InetSocketAddress sender, ByteBuffer datagram) {
            }

            @Override
            public void stateChanged(TransportState state) {
                if (state.isUp()) {
                    cameUp.add(config.network());
                }
            }
        });
        endpoints.add(e);
        scheduler.register(e);
        return e;
    }

    @Test
    void everyFailedSocketRecoversInOneTickPxebootFirst() throws Exception {
        scheduler = new RecoveryScheduler(tick(NEVER_MS));
        List<DatagramChannel> holders = List.of(blockedEndpoint(Network.CLUSTER_HOST),
                blockedEndpoint(Network.MANAGEMENT), blockedEndpoint(Network.PXEBOOT));
        for (DatagramChannel h : holders) {
            h.close();
        }

        scheduler.tick();

        assertTrue(endpoints.stream().allMatch(e -> e.state().isUp()), endpoints.toString());
        assertEquals(List.of(Network.PXEBOOT, Network.MANAGEMENT, Network.CLUSTER_HOST), new ArrayList<>(cameUp));
    }

    @Test
    void aSocketThatKeepsFailingDoesNotStopTheOthers() throws Exception {
        scheduler = new RecoveryScheduler(tick(NEVER_MS));
        blockedEndpoint(Network.PXEBOOT); // first in the order, and never freed
        DatagramChannel mgmt = blockedEndpoint(Network.MANAGEMENT);
        DatagramChannel cluster = blockedEndpoint(Network.CLUSTER_HOST);
        mgmt.close();
        cluster.close();

        scheduler.tick();
        scheduler.tick();

        assertEquals(List.of(Network.MANAGEMENT, Network.CLUSTER_HOST), new ArrayList<>(cameUp));
        assertFalse(endpoints.get(0).state().isUp());
        assertTrue(endpoints.get(0).state().reason().startsWith("cannot bind 127.0.0.1:"));
    }

    @Test
    void anUnregisteredEndpointIsNoLongerRetried() throws Exception {
        scheduler = new RecoveryScheduler(tick(NEVER_MS));
        blockedEndpoint(Network.MANAGEMENT).close();
        scheduler.unregister(endpoints.get(0));

        scheduler.tick();

        assertFalse(endpoints.get(0).state().isUp());
    }

    @Test
    void theSchedulerTicksByItself() throws Exception {
        scheduler = new RecoveryScheduler(tick(20));
        blockedEndpoint(Network.CLUSTER_HOST).close();

        assertNotNull(cameUp.poll(5, TimeUnit.SECONDS), "not recovered by the scheduler within 5 s");
        assertEquals(20, scheduler.tickMillis());
    }

    @Test
    void aReconfiguredTickTakesEffect() throws Exception {
        scheduler = new RecoveryScheduler(tick(NEVER_MS));
        blockedEndpoint(Network.PXEBOOT).close();

        scheduler.modified(tick(20));

        assertNotNull(cameUp.poll(5, TimeUnit.SECONDS), "the new period was not applied");
    }

    @Test
    void anInvalidTickFallsBackToTheSpecPeriod() {
        scheduler = new RecoveryScheduler(tick(0));

        assertEquals(5_000, scheduler.tickMillis());
    }

    @Test
    void aFailingStateListenerDoesNotStopTheRound() throws Exception {
        scheduler = new RecoveryScheduler(tick(NEVER_MS));
        DatagramChannel holder = blocker(0);
        blockers.add(holder);
        UdpEndpoint throwing = new UdpEndpoint(config(Network.PXEBOOT, properties(Role.AGENT, port(holder))),
                new UdpEndpoint.Sink() {
                    @Override
                    public void received(InetSocketAddress sender, ByteBuffer datagram) {
                    }

                    @Override
                    public void stateChanged(TransportState state) {
                        throw new IllegalStateException("listener bug");
                    }
                });
        endpoints.add(throwing);
        scheduler.register(throwing);
        blockedEndpoint(Network.MANAGEMENT).close();
        holder.close();

        scheduler.tick();

        assertTrue(throwing.state().isUp());
        assertEquals(List.of(Network.MANAGEMENT), new ArrayList<>(cameUp));
    }
}
