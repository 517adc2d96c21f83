package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtce.agent.AgentException;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.AuthSettings;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.MutableClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * Coverage-guided fuzzing of the agent's datagram entry ({@link AgentCore#received}), with the real codec, fake
 * transports and an inventory of two hosts; authentication in sign mode (unsigned and signed input both reach the
 * checks). The first input byte chooses the network (bits 0-1) and the source (bits 2-3: WORKER's address there,
 * STORAGE's, a stranger, WORKER's management address); the rest is the datagram. Nothing may throw on the receive
 * thread or on the event loop, and the agent may only ever send to a host of its inventory.
 */
class AgentCoreFuzzTest {
    /** When the signed seeds were made: the clock stands still there so that they verify. */
    static final Instant SEED_TIME = Instant.parse("2026-07-01T12:00:00Z");
    static final AuthKey KEY = AuthKey.parse("seed key",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final List<Network> NETWORKS = List.of(Network.MANAGEMENT, Network.CLUSTER_HOST,
            Network.PXEBOOT, Network.MANAGEMENT);
    private static final InetAddress STRANGER = AgentHarness.ip("10.9.9.9");

    @TempDir
    Path dir;

    private final ErrorTrap errors = new ErrorTrap();
    private GuardedAgent agent;
    private Set<InetAddress> known;

    @BeforeEach
    void start() throws AgentException {
        MutableClock clock = new MutableClock(SEED_TIME);
        AgentSecurity security = new AgentSecurity(true, AuthSettings.of(AuthMode.SIGN, KEY).authenticator(clock));
        agent = new GuardedAgent(dir, security, clock, errors);
        agent.core.addHost(WORKER);
        agent.core.addHost(STORAGE);
        agent.drain();
        known = Set.copyOf(agent.core.hosts().stream().flatMap(h -> h.spec().addresses().values().stream())
                .map(AgentHarness::ip).toList());
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @FuzzTest(maxDuration = "20s")
    void received(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int selector = input[0] & 0xFF;
        Network network = NETWORKS.get(selector & 0x3);
        InetAddress source = switch ((selector >> 2) & 0x3) {
            case 0 -> AgentHarness.ip(WORKER.address(network));
            case 1 -> STORAGE.address(network) == null ? STRANGER : AgentHarness.ip(STORAGE.address(network));
            case 2 -> STRANGER;
            default -> AgentHarness.ip(WORKER.address(Network.MANAGEMENT));
        };
        agent.deliver(network, source, Arrays.copyOfRange(input, 1, input.length));
        agent.sync();
        Throwable failure = errors.failure.getAndSet(null);
        if (failure != null) {
            throw new AssertionError("the agent failed on this input", failure);
        }
        for (FakeTransport.Sent sent : agent.drain()) {
            if (!known.contains(sent.peer())) {
                throw new AssertionError("sent to " + sent.peer() + ", which is no host of the inventory");
            }
        }
    }

    /** A logger that keeps the first error logged with an exception (e.g. a failed event-loop task). */
    private static final class ErrorTrap extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final transient AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            if (level == Level.ERROR && throwable != null) {
                failure.compareAndSet(null, throwable);
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return false;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
