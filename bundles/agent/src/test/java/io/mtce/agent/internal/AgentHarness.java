package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mtce.agent.HostSpec;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.ReadyEvent;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.MutableClock;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * An {@link AgentCore} on fake transports (one per network, one shared record of sends), a recording log and a
 * {@link ManualEventLoop}: time stands still until the test {@linkplain #advance advances} it.
 */
final class AgentHarness implements AutoCloseable {
    static final HostSpec WORKER = new HostSpec("worker-1", "02:00:00:00:00:01", "worker", Map.of(
            Network.MANAGEMENT, "192.168.204.11", Network.CLUSTER_HOST, "192.168.206.11",
            Network.PXEBOOT, "169.254.202.11"));
    static final HostSpec STORAGE = new HostSpec("storage-0", "02:00:00:00:00:02", "storage", Map.of(
            Network.MANAGEMENT, "192.168.204.12"));
    static final String AGENT_MGMT = "192.168.204.2";

    final WireCodec codec = new WireCodec();
    final RecordingLogger log = new RecordingLogger();
    final ManualEventLoop loop = new ManualEventLoop(new MutableClock(Instant.parse("2026-07-01T12:00:00Z")), log);
    final BlockingQueue<FakeTransport.Sent> wire = new LinkedBlockingQueue<>();
    final Map<Network, FakeTransport> transports = new EnumMap<>(Network.class);
    final AgentCore core;

    AgentHarness(AgentSettings settings) {
        this(settings, new AtomicFileWriter());
    }

    AgentHarness(AgentSettings settings, DurableWriter writer) {
        this(settings, log -> new FileInventoryStore(settings.inventoryPath(), settings.inventorySeed(), writer, log));
    }

    /** @param store the inventory store, given the harness's log */
    AgentHarness(AgentSettings settings, Function<Logger, InventoryStore> store) {
        this(settings, store, Leadership.ALONE);
    }

    /** One agent of a controller pair: {@code leadership} says when it may command. */
    AgentHarness(AgentSettings settings, Function<Logger, InventoryStore> store, Leadership leadership) {
        // Alarm sinks are asked for their alarms on the thread that binds them: the tests' sinks answer at once.
        core = new AgentCore(settings, AgentSecurity.DEFAULT, loop, Runnable::run, codec, store.apply(log), leadership,
                log);
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

    /** Runs what was handed to the loop so far (the loop is FIFO). */
    void sync() {
        core.hosts();
    }

    /** Moves time on by {@code millis}, running the retries, audits and other timers that fall due. */
    void advance(long millis) {
        loop.advance(Duration.ofMillis(millis));
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

    /** Unlocks {@code host} and acks every command sent for it, so that nothing is pending after. */
    void unlockAndAck(HostSpec host) throws Exception {
        core.unlock(host.name());
        for (FakeTransport.Sent s : drain()) {
            ack(s);
        }
        sync();
        assertEquals(PendingAction.NONE, core.host(host.name()).orElseThrow().pending(), host.name() + " unlocked");
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

    /** The oldest datagram sent and not taken yet. */
    FakeTransport.Sent next() {
        FakeTransport.Sent sent = wire.poll();
        assertNotNull(sent, "a datagram sent");
        return sent;
    }

    /** What has been sent and not taken yet. */
    List<FakeTransport.Sent> drain() {
        List<FakeTransport.Sent> out = new ArrayList<>();
        wire.drainTo(out);
        return out;
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
