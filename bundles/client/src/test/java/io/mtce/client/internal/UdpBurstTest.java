package io.mtce.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.AuthSettings;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.auth.Verdict;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportState;
import io.mtce.transport.internal.EndpointConfig;
import io.mtce.transport.internal.InvalidConfigurationException;
import io.mtce.transport.internal.UdpEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The client on a real UDP socket (loopback, ephemeral ports) under a burst of 100 000 junk datagrams from an allowed
 * and a forged source, while an "agent" socket sends signed LOCKED/UNLOCKED and waits for each ack (resending after
 * 200 ms, as the agent does, when the kernel dropped something in the flood). Stops by itself.
 */
class UdpBurstTest {
    private static final int BURST = 100_000;
    private static final InetAddress AGENT = ClientFixtures.ip("127.0.0.1");
    private static final InetAddress STRANGER = ClientFixtures.ip("127.0.0.3");
    private static final String JSON = "{\"address\":\"127.0.0.1\",\"interface\":\"Mgmnt\"}";

    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final RecordingLogger log = new RecordingLogger();

    /** A {@link Transport} over a bare endpoint, as the transport bundles provide it. */
    private record EndpointTransport(UdpEndpoint endpoint) implements Transport {
        @Override
        public Network network() {
            return Network.MANAGEMENT;
        }

        @Override
        public Role role() {
            return Role.CLIENT;
        }

        @Override
        public TransportState state() {
            return endpoint.state();
        }

        @Override
        public InetSocketAddress localAddress() {
            return endpoint.localAddress();
        }

        @Override
        public void send(InetAddress peer, ByteBuffer datagram) throws IOException {
            endpoint.send(peer, datagram);
        }

        @Override
        public void send(InetSocketAddress peer, ByteBuffer datagram) throws IOException {
            endpoint.send(peer, datagram);
        }
    }

    @Test
    void legitimateCommandsGetThroughAFloodOnARealSocket() throws Exception {
        AuthKey key = AuthKey.parse("auth.key", "00112233445566778899aabbccddeeff");
        DatagramAuthenticator clientAuth = AuthSettings.of(AuthMode.REQUIRE, key).authenticator(Clock.systemUTC());
        DatagramAuthenticator agentAuth = AuthSettings.of(AuthMode.REQUIRE, key).authenticator(Clock.systemUTC());
        ClientSettings settings = new ClientSettings(ClientFixtures.HOST, "worker", ClientFixtures.MAC, "127.0.0.5", "",
                "", Map.of(Network.MANAGEMENT, List.of(AGENT)), 5000, 1000, false);
        CommandProcessor processor = new CommandProcessor(settings, true, clientAuth, codec, flags,
                new MtcAliveComposer(settings, codec, flags, () -> 42, clientAuth), log, System::nanoTime);

        try (DatagramChannel agent = DatagramChannel.open().bind(new InetSocketAddress(AGENT, 0));
                DatagramChannel allowedJunk = DatagramChannel.open().bind(new InetSocketAddress(AGENT, 0));
                DatagramChannel strangerJunk = DatagramChannel.open().bind(new InetSocketAddress(STRANGER, 0))) {
            AtomicReference<Transport> transport = new AtomicReference<>();
            UdpEndpoint client = new UdpEndpoint(config(((InetSocketAddress) agent.getLocalAddress()).getPort()),
                    new UdpEndpoint.Sink() {
                        @Override
                        public void received(InetSocketAddress sender, ByteBuffer datagram) {
                            processor.handle(transport.get(), sender, datagram); // on the receive thread
                        }

                        @Override
                        public void stateChanged(TransportState state) {
                            // UP once bound; nothing to do
                        }
                    });
            EndpointTransport live = new EndpointTransport(client);
            transport.set(live);
            try {
                assertTrue(client.retryIfDown(), client.state().reason());
                run(processor, live, agent, allowedJunk, strangerJunk, agentAuth);
            } finally {
                client.close();
            }
        }
    }

    private void run(CommandProcessor processor, EndpointTransport live, DatagramChannel agent,
            DatagramChannel allowedJunk, DatagramChannel strangerJunk, DatagramAuthenticator agentAuth)
            throws Exception {
        InetSocketAddress target = live.localAddress();
        List<byte[]> junk = new ArrayList<>(HostileInput.kinds(ClientFixtures.MAC).values());
        junk.removeIf(d -> d.length > 1500); // keep the flood to what fits one loopback datagram quickly
        AtomicBoolean done = new AtomicBoolean();
        Thread flood = new Thread(() -> {
            try {
                for (int i = 0; i < BURST; i++) {
                    DatagramChannel from = i % 2 == 0 ? allowedJunk : strangerJunk;
                    from.send(ByteBuffer.wrap(junk.get(i % junk.size())), target);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                done.set(true);
            }
        }, "udp-junk");
        agent.configureBlocking(false);
        long started = System.nanoTime();
        flood.start();
        List<Long> latencies = new ArrayList<>();
        int resends = 0;
        int sent = 0;
        while (!done.get() || sent < 20) {
            int cmd = sent % 2 == 0 ? Command.LOCKED : Command.UNLOCKED;
            byte[] command = codec.encode(MtcMessage.command(cmd, ClientFixtures.MAC,
                    cmd == Command.LOCKED ? new int[] {1} : new int[0], JSON));
            long start = System.nanoTime();
            boolean acked = false;
            for (int attempt = 0; attempt < 25 && !acked; attempt++) {
                if (attempt > 0) {
                    resends++;
                }
                agent.send(ByteBuffer.wrap(agentAuth.sign(command)), target);
                acked = awaitAck(agent, agentAuth, cmd);
            }
            assertTrue(acked, "command " + sent + " acknowledged within 25 attempts");
            latencies.add(System.nanoTime() - start);
            sent++;
        }
        flood.join();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        for (String call : flags.calls()) {
            assertTrue(call.equals("lock(true)") || call.equals("unlock()"), call);
        }
        assertTrue(flags.calls().size() >= sent, "every command obeyed (resends may repeat one)");
        List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN")).toList();
        assertTrue(warnings.size() <= 20, warnings.size() + " warnings: " + warnings);
        assertEquals(0, processor.rejections().get(Rejection.BAD_SIGNATURE));
        System.out.printf("client over UDP: %d junk datagrams sent in %d ms, %d reached the client and were rejected"
                + " (%s); %d signed commands acknowledged (%d resends after kernel drops): round trip %s;"
                + " %d warnings%n", BURST, elapsedMs, processor.rejections().total(),
                processor.rejections().snapshot(), sent, resends, HostileInputTest.stats(latencies),
                warnings.size());
    }

    /** Waits up to 200 ms for the ack of {@code cmd} (a selector, no polling); false on timeout. */
    private boolean awaitAck(DatagramChannel agent, DatagramAuthenticator agentAuth, int cmd) throws Exception {
        ByteBuffer in = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + 200_000_000L;
        try (Selector selector = Selector.open()) {
            agent.register(selector, SelectionKey.OP_READ);
            return awaitAck(selector, agent, agentAuth, cmd, in, deadline);
        }
    }

    private boolean awaitAck(Selector selector, DatagramChannel agent, DatagramAuthenticator agentAuth, int cmd,
            ByteBuffer in, long deadline) throws Exception {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            in.clear();
            if (agent.receive(in) == null) {
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                continue;
            }
            in.flip();
            byte[] bytes = new byte[in.remaining()];
            in.get(bytes);
            Verdict verdict = agentAuth.check(bytes, 0, bytes.length);
            if (verdict.accepted()) {
                MtcMessage ack = codec.decode(bytes, 0, verdict.length());
                if (ack.header() == Header.CMD_RSP && ack.cmd() == cmd) {
                    return true;
                }
            }
        }
        return false;
    }

    private static EndpointConfig config(int agentPort) throws InvalidConfigurationException {
        return EndpointConfig.parse(Network.MANAGEMENT, Map.of(EndpointConfig.ROLE, Role.CLIENT.propertyValue(),
                EndpointConfig.BIND_ADDRESS, "127.0.0.1", EndpointConfig.RX_PORT, 0, EndpointConfig.PEER_PORT,
                agentPort));
    }
}
