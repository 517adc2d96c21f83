package io.mtce.agent.internal;

import io.mtce.agent.HostSpec;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.Network;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.MutableClock;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;

/**
 * An {@link AgentCore} with explicit inbound protection (allowlist, authentication) on fake transports, for the
 * hostile-input, authentication and fuzz tests. On a {@link ManualEventLoop} whose clock also dates and checks
 * signatures, unless a test gives it a real loop.
 */
final class GuardedAgent implements AutoCloseable {
    final WireCodec codec = new WireCodec();
    final BlockingQueue<FakeTransport.Sent> wire = new LinkedBlockingQueue<>();
    final Map<Network, FakeTransport> transports = new EnumMap<>(Network.class);
    final AgentCore core;

    GuardedAgent(Path dir, AgentSecurity security, MutableClock clock, Logger log) {
        this(dir, security, new ManualEventLoop(clock, log), log);
    }

    GuardedAgent(Path dir, AgentSecurity security, EventLoop loop, Logger log) {
        core = new AgentCore(AgentHarness.settings(dir), security, loop, codec, new AtomicFileWriter(), log);
        for (Network n : Network.values()) {
            FakeTransport t = new FakeTransport(n, Role.AGENT, wire);
            transports.put(n, t);
            core.transportAdded(t);
        }
    }

    static byte[] mtcAlive(WireCodec codec, HostSpec host, Network network, int sequence, boolean locked) {
        int flags = MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY
                | (locked ? MtcAliveFlags.I_AM_LOCKED : 0);
        MtcAlive alive = new MtcAlive(host.name(), host.personality(), host.address(Network.PXEBOOT),
                host.address(Network.MANAGEMENT), host.address(Network.CLUSTER_HOST), host.mgmtMac(), network, 100,
                MtcAliveFlags.HEALTH_HEALTHY, flags, sequence);
        return codec.encode(codec.mtcAlive(alive));
    }

    void deliver(Network network, InetAddress source, byte[] datagram) {
        core.received(transports.get(network), new InetSocketAddress(source, 2101), ByteBuffer.wrap(datagram));
    }

    /** Runs (or on a real loop waits for) what was handed to the loop so far (the loop is FIFO). */
    void sync() {
        core.hosts();
    }

    List<FakeTransport.Sent> drain() {
        List<FakeTransport.Sent> out = new ArrayList<>();
        wire.drainTo(out);
        return out;
    }

    PendingAction pending(HostSpec host) {
        return core.host(host.name()).orElseThrow().pending();
    }

    @Override
    public void close() {
        core.close();
    }
}
