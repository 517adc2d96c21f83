package io.mtce.client.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthKeys;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.ReplayWindow;
import io.mtce.protocol.auth.Verdict;
import io.mtce.protocol.internal.WireCodec;
import io.mtce.testing.FakeTransport;
import io.mtce.transport.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.slf4j.helpers.NOPLogger;

/**
 * Coverage-guided fuzzing of the client's command handling, from the received bytes on, with the real codec and
 * fakes. The first input byte chooses the network (bits 0-1), the source (bits 2-3: that network's controller, this
 * host's own address, a stranger, another network's controller), the authentication mode (bit 4: sign, require)
 * and whether the allowlist is on (bit 5 clear); the rest is the datagram. Nothing may throw; at most one datagram
 * (a verifiable ack, or an mtcAlive on pxeboot) is sent and at most one flag change made; a stranger gets nothing.
 */
class CommandProcessorFuzzTest {
    /** When the signed seeds were made: the clock stands still there so that they verify. */
    static final Instant SEED_TIME = Instant.parse("2026-07-01T12:00:00Z");
    static final AuthKey KEY = AuthKey.parse("seed key",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final Clock CLOCK = Clock.fixed(SEED_TIME, ZoneOffset.UTC);
    private static final InetAddress STRANGER = ClientFixtures.ip("10.9.9.9");
    private static final List<Network> NETWORKS = List.of(Network.MANAGEMENT, Network.CLUSTER_HOST,
            Network.PXEBOOT, Network.MANAGEMENT);
    private static final ClientSettings SETTINGS = ClientFixtures.settings(5000, 1000, false);
    private final WireCodec codec = new WireCodec();

    @FuzzTest(maxDuration = "20s")
    void handle(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int selector = input[0] & 0xFF;
        Network network = NETWORKS.get(selector & 0x3);
        InetAddress source = source(network, (selector >> 2) & 0x3);
        AuthMode mode = (selector & 0x10) == 0 ? AuthMode.SIGN : AuthMode.REQUIRE;
        boolean allowlist = (selector & 0x20) == 0;
        byte[] datagram = Arrays.copyOfRange(input, 1, input.length);

        DatagramAuthenticator auth = new DatagramAuthenticator(mode, AuthKeys.of(KEY),
                new ReplayWindow(Duration.ofSeconds(30), 16), CLOCK);
        FakeFlags flags = new FakeFlags();
        FakeTransport transport = new FakeTransport(network, Role.CLIENT);
        CommandProcessor processor = new CommandProcessor(SETTINGS, allowlist, auth, codec, flags,
                new MtcAliveComposer(SETTINGS, codec, flags, () -> 42, auth), NOPLogger.NOP_LOGGER, System::nanoTime);

        processor.handle(transport, new InetSocketAddress(source, 40000), ByteBuffer.wrap(datagram));

        // One ack, or one mtcAlive answer, goes to each controller the network has (two on cluster-host and pxeboot).
        int maxSends = network == Network.MANAGEMENT ? 1 : 2;
        if (flags.calls().size() > 1 || transport.sent().size() > maxSends) {
            throw new AssertionError("one datagram caused " + flags.calls() + " and " + transport.sent().size()
                    + " sends");
        }
        if (allowlist && source.equals(STRANGER) && (!flags.calls().isEmpty() || !transport.sent().isEmpty())) {
            throw new AssertionError("a stranger's datagram was acted on");
        }
        FakeTransport.Sent sent = transport.sent().poll();
        if (sent != null) {
            checkReply(sent, network);
        }
    }

    private InetAddress source(Network network, int choice) {
        return switch (choice) {
            case 0 -> SETTINGS.controllers(network).get(0);
            case 1 -> ClientFixtures.ip(switch (network) {
                case MANAGEMENT -> ClientFixtures.MGMT_IP;
                case CLUSTER_HOST -> ClientFixtures.CLUSTER_IP;
                case PXEBOOT -> ClientFixtures.PXEBOOT_IP;
            });
            case 2 -> STRANGER;
            default -> SETTINGS.controllers(network == Network.MANAGEMENT ? Network.CLUSTER_HOST
                    : Network.MANAGEMENT).get(0);
        };
    }

    /** A reply is signed with our key and is an ack, or an mtcAlive answering a pxeboot request. */
    private void checkReply(FakeTransport.Sent sent, Network network) {
        DatagramAuthenticator peer = new DatagramAuthenticator(AuthMode.REQUIRE, AuthKeys.of(KEY),
                new ReplayWindow(Duration.ofSeconds(30), 16), CLOCK);
        Verdict verdict = peer.check(sent.bytes(), 0, sent.bytes().length);
        if (!verdict.accepted()) {
            throw new AssertionError("a reply does not verify: " + verdict);
        }
        MtcMessage reply;
        try {
            reply = codec.decode(sent.bytes(), 0, verdict.length());
        } catch (MalformedMessageException e) {
            throw new AssertionError("a reply does not decode", e);
        }
        boolean ack = reply.header() == Header.CMD_RSP;
        boolean alive = reply.header() == Header.WORKER && network == Network.PXEBOOT;
        if (!ack && !alive) {
            throw new AssertionError("unexpected reply " + reply);
        }
    }
}
