package io.mtce.client.internal;

import static io.mtce.client.internal.ClientFixtures.CONTROLLER_MGMT;
import static io.mtce.client.internal.ClientFixtures.MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthKeys;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.Rejection;
import io.mtce.protocol.auth.ReplayWindow;
import io.mtce.protocol.auth.Verdict;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.testing.MutableClock;
import io.mtce.testing.RecordingLogger;
import io.mtce.transport.Role;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The client with authentication on: what it accepts, what it refuses, and that its own datagrams are signed. */
class AuthenticatedCommandTest {
    static final AuthKey KEY = AuthKey.parse("auth.key",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static final AuthKey OLD_KEY = AuthKey.parse("auth.key",
            "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
    private static final String JSON = "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}";

    private final WireCodec codec = new WireCodec();
    private final FakeFlags flags = new FakeFlags();
    private final RecordingLogger log = new RecordingLogger();
    private final FakeTransport mgmt = new FakeTransport(Network.MANAGEMENT, Role.CLIENT);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final ClientSettings settings = ClientFixtures.settings(5000, 1000, false);

    private DatagramAuthenticator auth(AuthMode mode, AuthKeys keys) {
        return new DatagramAuthenticator(mode, keys, new ReplayWindow(Duration.ofSeconds(30), 1024), clock);
    }

    private CommandProcessor processor(AuthMode mode, AuthKeys keys) {
        DatagramAuthenticator auth = auth(mode, keys);
        return new CommandProcessor(settings, true, auth, codec, flags,
                new MtcAliveComposer(settings, codec, flags, () -> 42, auth), log, System::nanoTime);
    }

    /** The agent's side: signs what it sends, checks what it gets. */
    private DatagramAuthenticator agent(AuthKey key) {
        return auth(AuthMode.REQUIRE, AuthKeys.of(key));
    }

    private byte[] locked() {
        return codec.encode(MtcMessage.command(Command.LOCKED, MAC, new int[] {1}, JSON));
    }

    private void deliver(CommandProcessor p, byte[] datagram) {
        p.handle(mgmt, new InetSocketAddress(CONTROLLER_MGMT, 40000), ByteBuffer.wrap(datagram));
    }

    @Test
    void signedCommandIsObeyedAndTheAckIsSigned() throws Exception {
        CommandProcessor p = processor(AuthMode.REQUIRE, AuthKeys.of(KEY));
        DatagramAuthenticator agent = agent(KEY);
        deliver(p, agent.sign(locked()));

        assertEquals(List.of("lock(true)"), flags.calls());
        FakeTransport.Sent ack = mgmt.sent().poll();
        assertNotNull(ack);
        assertEquals(100 + 1 + DatagramAuthenticator.TRAILER_SIZE, ack.bytes().length);
        Verdict v = agent.check(ack.bytes(), 0, ack.bytes().length);
        assertTrue(v.accepted() && v.signed(), v.toString());
        MtcMessage decoded = codec.decode(ack.bytes(), 0, v.length());
        assertEquals(Header.CMD_RSP, decoded.header());
        assertEquals(Command.LOCKED, decoded.cmd());
    }

    @Test
    void requireRefusesUnsignedCommands() {
        CommandProcessor p = processor(AuthMode.REQUIRE, AuthKeys.of(KEY));
        deliver(p, locked());

        assertTrue(flags.calls().isEmpty());
        assertTrue(mgmt.sent().isEmpty(), "no ack");
        assertEquals(Map.of(Rejection.UNSIGNED, 1L), p.rejections().snapshot());
        assertEquals(1, log.count(Level.WARN, "rejected datagram from " + CONTROLLER_MGMT.getHostAddress()
                + " on Mgmnt network: UNSIGNED"));
    }

    @Test
    void signModeAcceptsUnsignedCommandsButSignsItsAck() throws Exception {
        CommandProcessor p = processor(AuthMode.SIGN, AuthKeys.of(KEY));
        deliver(p, locked());

        assertEquals(List.of("lock(true)"), flags.calls());
        FakeTransport.Sent ack = mgmt.sent().poll();
        assertNotNull(ack);
        assertEquals(149, ack.bytes().length);
        // A C++ agent (or ours with auth off) still reads it: an ack with an empty buf.
        MtcMessage unaware = codec.decode(ack.bytes(), 0, ack.bytes().length);
        assertEquals(Header.CMD_RSP, unaware.header());
        assertEquals(Command.LOCKED, unaware.cmd());
    }

    @Test
    void replayedCommandIsRefused() {
        CommandProcessor p = processor(AuthMode.REQUIRE, AuthKeys.of(KEY));
        byte[] unlocked = agent(KEY).sign(codec.encode(MtcMessage.command(Command.UNLOCKED, MAC, new int[0], JSON)));
        deliver(p, unlocked);
        deliver(p, unlocked);

        assertEquals(List.of("unlock()"), flags.calls(), "obeyed once");
        assertEquals(1, mgmt.sent().size(), "acked once");
        assertEquals(1L, p.rejections().get(Rejection.REPLAYED));
    }

    @Test
    void commandSignedWithAnotherKeyIsRefused() {
        CommandProcessor p = processor(AuthMode.REQUIRE, AuthKeys.of(KEY));
        deliver(p, agent(OLD_KEY).sign(locked()));

        assertTrue(flags.calls().isEmpty());
        assertTrue(mgmt.sent().isEmpty());
        assertEquals(1L, p.rejections().get(Rejection.UNKNOWN_KEY) + p.rejections().get(Rejection.BAD_SIGNATURE));
    }

    @Test
    void tamperedSignedCommandIsRefused() {
        CommandProcessor p = processor(AuthMode.SIGN, AuthKeys.of(KEY));
        byte[] signed = agent(KEY).sign(codec.encode(MtcMessage.command(Command.UNLOCKED, MAC, new int[0], JSON)));
        signed[72] = Command.LOCKED; // UNLOCKED turned into LOCKED in flight
        deliver(p, signed);

        assertTrue(flags.calls().isEmpty());
        assertEquals(1L, p.rejections().get(Rejection.BAD_SIGNATURE));
    }

    @Test
    void previousKeyWorksDuringTheGracePeriodOnly() {
        CommandProcessor p = processor(AuthMode.REQUIRE, new AuthKeys(KEY, OLD_KEY, clock.instant().plusSeconds(60)));
        DatagramAuthenticator oldAgent = agent(OLD_KEY);
        deliver(p, oldAgent.sign(locked()));
        assertEquals(1, flags.calls().size(), "old key accepted within the grace period");

        clock.advance(Duration.ofSeconds(61));
        deliver(p, oldAgent.sign(locked()));
        assertEquals(1, flags.calls().size(), "old key refused after it");
        deliver(p, agent(KEY).sign(locked()));
        assertEquals(2, flags.calls().size(), "the new key works");
    }

    @Test
    void staleCommandIsRefused() {
        CommandProcessor p = processor(AuthMode.REQUIRE, AuthKeys.of(KEY));
        byte[] signed = agent(KEY).sign(locked());
        clock.advance(Duration.ofMinutes(5)); // e.g. captured and replayed after a receiver restart
        deliver(p, signed);

        assertTrue(flags.calls().isEmpty());
        assertEquals(1L, p.rejections().get(Rejection.STALE));
    }

    @Test
    void mtcAliveIsSignedWhenAuthenticationIsOn() throws Exception {
        DatagramAuthenticator auth = auth(AuthMode.SIGN, AuthKeys.of(KEY));
        byte[] alive = new MtcAliveComposer(settings, codec, flags, () -> 42, auth).next(Network.MANAGEMENT);
        Verdict v = agent(KEY).check(alive, 0, alive.length);

        assertTrue(v.accepted() && v.signed(), v.toString());
        MtcAlive decoded = codec.readMtcAlive(codec.decode(alive, 0, v.length()));
        assertEquals(ClientFixtures.HOST, decoded.hostname());
        assertEquals(decoded, codec.readMtcAlive(codec.decode(alive, 0, alive.length)),
                "and a receiver without authentication reads the same mtcAlive");
    }

    @Test
    void authenticationOffSendsExactlyWhatTheCppClientSends() {
        byte[] off = new MtcAliveComposer(settings, codec, flags, () -> 42).next(Network.MANAGEMENT);
        MtcAlive alive = new MtcAlive(ClientFixtures.HOST, "worker", ClientFixtures.PXEBOOT_IP,
                ClientFixtures.MGMT_IP, ClientFixtures.CLUSTER_IP, MAC, Network.MANAGEMENT, 42,
                MtcAliveFlags.HEALTH_HEALTHY, MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY, 1);
        assertEquals(ByteBuffer.wrap(codec.encode(codec.mtcAlive(alive))), ByteBuffer.wrap(off));
    }
}
