package io.mtce.agent.internal;

import io.mtce.testing.FakeTransport;
import io.mtce.testing.RecordingLogger;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.HostSpec;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** An {@link AgentCore} on fake transports (one per network, one shared record of sends) and a recording log. */
final class AgentHarness implements AutoCloseable {
    static final HostSpec WORKER = new HostSpec("worker-1", "02:00:00:00:00:01", "worker", Map.of(
            Network.MANAGEMENT, "192.168.204.11", Network.CLUSTER_HOST, "192.168.206.11",
            Network.PXEBOOT, "169.254.202.11"));
    static final HostSpec STORAGE = new HostSpec("storage-0", "02:00:00:00:00:02", "storage", Map.of(
            Network.MANAGEMENT, "192.168.204.12"));
    static final String AGENT_MGMT = "192.168.204.2";

    final WireCodec codec = new WireCodec();
    final RecordingLogger log = new RecordingLogger();
    final BlockingQueue<FakeTransport.Sent> wire = new LinkedBlockingQueue<>();
    final Map<Network, FakeTransport> transports = new EnumMap<>(Network.class);
    final AgentCore core;

    AgentHarness(AgentSettings settings) {
        this(settings, new AtomicFileWriter());
    }

    AgentHarness(AgentSettings settings, DurableWriter writer) {
        core = new AgentCore(settings, codec, writer, log);
        for (Network n : Network.values()) {
            FakeTransport t = new FakeTransport(n, Role.AGENT, wire);
            transports.put(n, t);
            core.transportAdded(t);
        }
    }

    /** Default timing, except that the periodic audits are out of the way unless a test asks for them. */
    static AgentSettings settings(Path dir) {
        return settings(dir, false, 250, 5000, 600_000, 600_000, 6, 2);
    }

    static AgentSettings settings(Path dir, boolean simplex, long retryInitialMs, long retryMaxMs,
            long onlineAuditMs, long pxebootMonitorMs, int missThreshold, int lossThreshold) {
        return new AgentSettings(dir.resolve("inventory.json"), simplex, AGENT_MGMT, "192.168.206.2",
                "169.254.202.2", retryInitialMs, retryMaxMs, onlineAuditMs, pxebootMonitorMs, missThreshold,
                lossThreshold, null, Math.max(retryMaxMs, 120_000));
    }

    @Override
    public void close() {
        core.close();
    }

    /** Waits until every datagram handed to the loop so far is processed (the loop is FIFO). */
    void sync() {
        core.hosts();
    }

    void mtcAlive(HostSpec host, Network network, int sequence, boolean locked) {
        int flags = MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY
                | (locked ? MtcAliveFlags.I_AM_LOCKED : 0);
        MtcAlive alive = new MtcAlive(host.name(), host.personality(), host.address(Network.PXEBOOT),
                host.address(Network.MANAGEMENT), host.address(Network.CLUSTER_HOST), host.mgmtMac(), network, 100,
                MtcAliveFlags.HEALTH_HEALTHY, flags, sequence);
        deliver(network, ip(host.address(network)), codec.encode(codec.mtcAlive(alive)));
    }

    /** The host's mtcClient announces itself on management, offering pxeboot mtcAlive (or not). */
    void readyEvent(HostSpec host, boolean pxebootMtcAlive) {
        ReadyEvent event = new ReadyEvent(host.name(), ReadyEvent.MTC_CLIENT, "",
                pxebootMtcAlive ? List.of(ReadyEvent.PXEBOOT_MTCALIVE) : List.of());
        deliver(Network.MANAGEMENT, ip(host.address(Network.MANAGEMENT)), codec.encode(codec.readyEvent(event)));
    }

    /** The host acknowledges {@code command} from its address on the network it was sent on. */
    void ack(FakeTransport.Sent command) throws Exception {
        MtcMessage message = decode(command);
        deliver(command.network(), command.peer(), codec.encode(MtcMessage.ackOf(message)));
    }

    void deliver(Network network, InetAddress source, byte[] datagram) {
        core.received(transports.get(network), new InetSocketAddress(source, 2101), ByteBuffer.wrap(datagram));
    }

    MtcMessage decode(FakeTransport.Sent sent) throws Exception {
        return codec.decode(sent.bytes(), 0, sent.bytes().length);
    }

    FakeTransport.Sent next(long millis) throws InterruptedException {
        FakeTransport.Sent sent = wire.poll(millis, TimeUnit.MILLISECONDS);
        assertNotNull(sent, "a datagram within " + millis + " ms");
        return sent;
    }

    /** What has been sent so far (nothing waited for). */
    List<FakeTransport.Sent> drain() {
        List<FakeTransport.Sent> out = new ArrayList<>();
        wire.drainTo(out);
        return out;
    }

    /** Everything sent within {@code millis}: for asserting what is NOT sent during a window. */
    List<FakeTransport.Sent> collect(long millis) throws InterruptedException {
        List<FakeTransport.Sent> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            FakeTransport.Sent sent = wire.poll(left, TimeUnit.NANOSECONDS);
            if (sent != null) {
                out.add(sent);
            }
        }
        return out;
    }

    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out after " + millis + " ms waiting for " + what);
            Thread.sleep(5);
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
