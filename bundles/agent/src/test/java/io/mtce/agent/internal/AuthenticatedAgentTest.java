package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.STORAGE;
import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.HostSpec;
import io.mtce.agent.PendingAction;
import io.mtce.protocol.Command;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthKeys;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.AuthSettings;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.auth.ReplayWindow;
import io.mtce.protocol.auth.Verdict;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.MutableClock;
import io.mtce.testing.RecordingLogger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** The agent with the source allowlist and authentication: forged, unsigned, replayed and wrongly signed input. */
class AuthenticatedAgentTest {
    private static final String CURRENT_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String OTHER_HEX = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    static final AuthKey KEY = AuthKey.parse("auth.key", CURRENT_HEX);
    static final AuthKey OTHER = AuthKey.parse("auth.key", OTHER_HEX);

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final WireCodec codec = new WireCodec();

    private GuardedAgent agent(AuthMode mode) {
        return new GuardedAgent(dir, new AgentSecurity(true, AuthSettings.of(mode, KEY).authenticator(clock)), clock,
                log);
    }

    /** A client's side: signs what it sends, checks what it gets. */
    private DatagramAuthenticator client(AuthKey key) {
        return new DatagramAuthenticator(AuthMode.REQUIRE, AuthKeys.of(key),
                new ReplayWindow(Duration.ofSeconds(30), 1024), clock);
    }

    private static InetAddress ip(HostSpec spec, Network n) {
        return AgentHarness.ip(spec.address(n));
    }

    private byte[] alive(boolean locked, int seq) {
        return GuardedAgent.mtcAlive(codec, WORKER, Network.MANAGEMENT, seq, locked);
    }

    private Boolean reportedLocked(GuardedAgent a) {
        return a.core.host(WORKER.name()).orElseThrow().reportedLocked();
    }

    @Test
    void commandsAreSignedAndSignedAcksComplete() throws Exception {
        try (GuardedAgent a = agent(AuthMode.REQUIRE)) {
            a.core.addHost(WORKER);
            a.core.unlock(WORKER.name());
            DatagramAuthenticator client = client(KEY);
            for (FakeTransport.Sent s : a.drain()) {
                Verdict v = client.check(s.bytes(), 0, s.bytes().length);
                assertTrue(v.accepted() && v.signed(), v.toString());
                MtcMessage command = codec.decode(s.bytes(), 0, v.length());
                assertEquals(Command.UNLOCKED, command.cmd());
                a.deliver(s.network(), s.peer(), client.sign(codec.encode(MtcMessage.ackOf(command))));
            }
            a.sync();
            assertEquals(PendingAction.NONE, a.pending(WORKER), "unlock acked");
        }
    }

    @Test
    void unsignedAckAndMtcAliveAreRefusedWhenRequired() throws Exception {
        try (GuardedAgent a = agent(AuthMode.REQUIRE)) {
            a.core.addHost(WORKER);
            a.core.unlock(WORKER.name());
            for (FakeTransport.Sent s : a.drain()) {
                MtcMessage command = codec.decode(s.bytes(), 0, s.bytes().length);
                a.deliver(s.network(), s.peer(), codec.encode(MtcMessage.ackOf(command)));
            }
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), alive(true, 1));
            a.sync();

            assertEquals(PendingAction.UNLOCK, a.pending(WORKER), "unsigned acks do not complete the unlock");
            assertNull(reportedLocked(a), "the unsigned mtcAlive was not taken");
            assertEquals(3L, a.core.rejections().get(Rejection.UNSIGNED));
        }
    }

    @Test
    void signModeTakesUnsignedMtcAliveButNotABadSignature() throws Exception {
        try (GuardedAgent a = agent(AuthMode.SIGN)) {
            a.core.addHost(WORKER);
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), alive(true, 1));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a));

            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), client(OTHER).sign(alive(false, 2)));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a), "wrongly signed: not taken");
            assertEquals(1L, a.core.rejections().get(Rejection.UNKNOWN_KEY)
                    + a.core.rejections().get(Rejection.BAD_SIGNATURE));
        }
    }

    @Test
    void replayedMtcAliveIsRefused() throws Exception {
        try (GuardedAgent a = agent(AuthMode.REQUIRE)) {
            a.core.addHost(WORKER);
            DatagramAuthenticator client = client(KEY);
            byte[] unlockedReport = client.sign(alive(false, 1));
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), unlockedReport);
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), client.sign(alive(true, 2)));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a));

            // An attacker replays the old "unlocked" report to hide the real state.
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), unlockedReport);
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a));
            assertEquals(1L, a.core.rejections().get(Rejection.REPLAYED));
        }
    }

    @Test
    void otherKeyAcceptedDuringGraceOnly() throws Exception {
        AuthSettings rotated = AuthSettings.parse("require", CURRENT_HEX, "", OTHER_HEX, "", 60, 30_000);
        try (GuardedAgent a = new GuardedAgent(dir, new AgentSecurity(true, rotated.authenticator(clock)), clock,
                log)) {
            a.core.addHost(WORKER);
            DatagramAuthenticator old = client(OTHER);
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), old.sign(alive(true, 1)));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a));

            clock.advance(Duration.ofSeconds(61));
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), old.sign(alive(false, 2)));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a), "after the grace period the old key is refused");
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), client(KEY).sign(alive(false, 3)));
            a.sync();
            assertEquals(Boolean.FALSE, reportedLocked(a));
        }
    }

    @Test
    void mtcAliveFromAnotherHostsAddressIsRefused() throws Exception {
        try (GuardedAgent a = agent(AuthMode.OFF)) {
            a.core.addHost(WORKER);
            a.core.addHost(STORAGE);
            // STORAGE's address claims to be WORKER, reporting unlocked to hide a lock (or the reverse).
            a.deliver(Network.MANAGEMENT, ip(STORAGE, Network.MANAGEMENT), alive(false, 1));
            a.sync();

            assertNull(reportedLocked(a));
            assertTrue(a.drain().isEmpty(), "no correction for a forged report");
            assertEquals(1L, a.core.rejections().get(Rejection.SOURCE));
            assertEquals(1, log.count(Level.WARN, "mtcAlive for worker-1 from 192.168.204.12 on Mgmnt network, which"
                    + " is not worker-1's address there ; dropping"));
        }
    }

    @Test
    void unknownSourceIsRefusedBeforeDecodingAndHostsAddedLaterAreAllowed() throws Exception {
        try (GuardedAgent a = agent(AuthMode.OFF)) {
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), alive(true, 1));
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), new byte[7]);
            assertEquals(2L, a.core.rejections().get(Rejection.SOURCE));
            assertEquals(0L, a.core.rejections().get(Rejection.MALFORMED), "junk from strangers is not even parsed");

            a.core.addHost(WORKER);
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), alive(true, 2));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a));
            // Only on the network the address belongs to.
            a.deliver(Network.CLUSTER_HOST, ip(WORKER, Network.MANAGEMENT), alive(false, 3));
            a.sync();
            assertEquals(Boolean.TRUE, reportedLocked(a));
            assertEquals(3L, a.core.rejections().get(Rejection.SOURCE));

            a.core.removeHost(WORKER.name());
            a.deliver(Network.MANAGEMENT, ip(WORKER, Network.MANAGEMENT), alive(true, 4));
            assertEquals(4L, a.core.rejections().get(Rejection.SOURCE), "removed hosts are strangers again");
        }
    }

    @Test
    void offSendsExactlyTheCppBytes() throws Exception {
        try (GuardedAgent a = agent(AuthMode.OFF)) {
            a.core.addHost(WORKER);
            a.core.lock(WORKER.name());
            List<FakeTransport.Sent> sent = a.drain();
            assertFalse(sent.isEmpty());
            for (FakeTransport.Sent s : sent) {
                MtcMessage m = codec.decode(s.bytes(), 0, s.bytes().length);
                assertEquals(ByteBuffer.wrap(codec.encode(m)), ByteBuffer.wrap(s.bytes()));
            }
        }
    }
}
