package io.mtce.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Command;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.WireFormat;
import io.mtce.protocol.internal.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatagramAuthenticatorTest {
    static final AuthKey KEY = AuthKey.parse("auth.key",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static final AuthKey OTHER = AuthKey.parse("auth.key", "base64:q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=");
    private static final String JSON = "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}";

    private final WireCodec codec = new WireCodec();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-01T12:00:00Z"));

    private DatagramAuthenticator auth(AuthMode mode, AuthKey key) {
        return new DatagramAuthenticator(mode, AuthKeys.of(key), new ReplayWindow(Duration.ofSeconds(30), 1024),
                clock);
    }

    private byte[] locked() {
        return codec.encode(MtcMessage.command(Command.LOCKED, "aa:bb:cc:dd:ee:ff", new int[] {1}, JSON));
    }

    private byte[] ack() {
        return codec.encode(MtcMessage.ackOf(MtcMessage.command(Command.LOCKED, "aa:bb:cc:dd:ee:ff", new int[] {1},
                JSON)));
    }

    @Test
    void offIsTheIdentityAndAcceptsEverything() {
        DatagramAuthenticator off = DatagramAuthenticator.off();
        byte[] d = locked();
        assertSame(d, off.protect(d));
        Verdict v = off.check(new byte[3], 0, 3);
        assertTrue(v.accepted());
        assertEquals(3, v.length());
        assertFalse(v.signed());
    }

    @Test
    void signedCommandStillDecodesWithoutAuthentication() throws Exception {
        byte[] plain = locked();
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(plain);

        assertEquals(plain.length + DatagramAuthenticator.TRAILER_SIZE, signed.length);
        assertArrayEquals(plain, Arrays.copyOf(signed, plain.length), "the message itself is unchanged");
        // A receiver without the mode (and a C++ one) reads buf up to its NUL and ignores the rest.
        assertEquals(codec.decode(plain, 0, plain.length), codec.decode(signed, 0, signed.length));
    }

    @Test
    void signedAckGetsAnEmptyBufAndTheTrailer() throws Exception {
        byte[] plain = ack();
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(plain);

        assertEquals(100 + 1 + 48, signed.length);
        assertEquals(0, signed[100]);
        MtcMessage unaware = codec.decode(signed, 0, signed.length);
        assertEquals("", unaware.payload(), "an unaware receiver sees an empty buf");
        assertEquals(Command.LOCKED, unaware.cmd());

        Verdict v = auth(AuthMode.REQUIRE, KEY).check(signed, 0, signed.length);
        assertTrue(v.accepted(), v.toString());
        assertTrue(v.signed());
        assertEquals(100, v.length(), "the padding NUL is removed again");
        assertEquals(codec.decode(plain, 0, plain.length), codec.decode(signed, 0, v.length()));
    }

    @Test
    void mtcAliveRoundTrips() throws Exception {
        MtcAlive alive = new MtcAlive("worker-1", "worker", "169.254.202.11", "192.168.204.11", "192.168.206.11",
                "02:00:00:00:00:01", Network.MANAGEMENT, 100, MtcAliveFlags.HEALTH_HEALTHY,
                MtcAliveFlags.I_AM_LOCKED, 7);
        byte[] plain = codec.encode(codec.mtcAlive(alive));
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(plain);
        Verdict v = auth(AuthMode.REQUIRE, KEY).check(signed, 0, signed.length);

        assertTrue(v.accepted(), v.toString());
        assertEquals(plain.length, v.length());
        assertEquals(alive, codec.readMtcAlive(codec.decode(signed, 0, v.length())));
    }

    @Test
    void checkWorksAtAnOffset() {
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(locked());
        byte[] framed = new byte[signed.length + 20];
        System.arraycopy(signed, 0, framed, 7, signed.length);

        Verdict v = auth(AuthMode.REQUIRE, KEY).check(framed, 7, signed.length);
        assertTrue(v.accepted(), v.toString());
        assertEquals(signed.length - 48, v.length());
    }

    @Test
    void requireRejectsUnsignedAndSignAcceptsIt() {
        byte[] plain = locked();
        assertEquals(Rejection.UNSIGNED, auth(AuthMode.REQUIRE, KEY).check(plain, 0, plain.length).rejection());
        Verdict v = auth(AuthMode.SIGN, KEY).check(plain, 0, plain.length);
        assertTrue(v.accepted());
        assertFalse(v.signed());
        assertEquals(plain.length, v.length());
    }

    @Test
    void everyAlteredByteIsRejected() {
        DatagramAuthenticator receiver = auth(AuthMode.REQUIRE, KEY);
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(locked());
        for (int i = 0; i < signed.length; i++) {
            byte[] altered = signed.clone();
            altered[i] ^= 0x01;
            Verdict v = receiver.check(altered, 0, altered.length);
            assertFalse(v.accepted(), "byte " + i + " altered: " + v);
        }
        assertTrue(receiver.check(signed, 0, signed.length).accepted(), "the original is still fresh");
    }

    @Test
    void wrongKeyIsRejected() {
        byte[] signed = auth(AuthMode.SIGN, OTHER).sign(locked());
        Verdict v = auth(AuthMode.REQUIRE, KEY).check(signed, 0, signed.length);
        assertFalse(v.accepted());
        // Key ids are one byte: another key usually has another id, and a colliding one fails the HMAC.
        assertTrue(v.rejection() == Rejection.UNKNOWN_KEY || v.rejection() == Rejection.BAD_SIGNATURE, v.toString());
        assertEquals(Rejection.BAD_SIGNATURE, new DatagramAuthenticator(AuthMode.REQUIRE,
                new AuthKeys(KEY, AuthKey.of(new byte[16]), clock.instant().plusSeconds(1)),
                new ReplayWindow(Duration.ofSeconds(30), 16), clock).check(forgeKeyId(signed, KEY.id()), 0,
                        signed.length).rejection());
    }

    private static byte[] forgeKeyId(byte[] signed, int id) {
        byte[] copy = signed.clone();
        copy[copy.length - 48 + 6] = (byte) id;
        return copy;
    }

    @Test
    void replayIsRejectedEvenFromAnotherSource() {
        DatagramAuthenticator receiver = auth(AuthMode.REQUIRE, KEY);
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(locked());

        assertTrue(receiver.check(signed, 0, signed.length).accepted());
        assertEquals(Rejection.REPLAYED, receiver.check(signed, 0, signed.length).rejection());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Rejection.STALE, receiver.check(signed, 0, signed.length).rejection());
    }

    @Test
    void identicalMessagesSentTwiceAreBothAccepted() {
        DatagramAuthenticator sender = auth(AuthMode.SIGN, KEY);
        DatagramAuthenticator receiver = auth(AuthMode.REQUIRE, KEY);
        byte[] first = sender.sign(locked());
        byte[] second = sender.sign(locked()); // same clock reading: the stamp still moves on

        assertFalse(Arrays.equals(first, second));
        assertTrue(receiver.check(first, 0, first.length).accepted());
        assertTrue(receiver.check(second, 0, second.length).accepted());
    }

    @Test
    void senderClockOutsideTheWindowIsStale() {
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(locked());
        clock.advance(Duration.ofSeconds(-31));
        assertEquals(Rejection.STALE, auth(AuthMode.REQUIRE, KEY).check(signed, 0, signed.length).rejection());
    }

    @Test
    void previousKeyIsAcceptedDuringTheGracePeriodOnly() {
        DatagramAuthenticator receiver = new DatagramAuthenticator(AuthMode.REQUIRE,
                new AuthKeys(KEY, OTHER, clock.instant().plusSeconds(60)), new ReplayWindow(Duration.ofSeconds(30),
                        1024), clock);
        DatagramAuthenticator oldSender = auth(AuthMode.SIGN, OTHER);
        byte[] early = oldSender.sign(locked());
        assertTrue(receiver.check(early, 0, early.length).accepted());

        clock.advance(Duration.ofSeconds(61));
        byte[] late = oldSender.sign(locked());
        Verdict v = receiver.check(late, 0, late.length);
        assertFalse(v.accepted());
        byte[] current = auth(AuthMode.SIGN, KEY).sign(locked());
        assertTrue(receiver.check(current, 0, current.length).accepted(), "the new key still works");
    }

    @Test
    void signedPayloadLimitLeavesRoomForTheTrailer() {
        DatagramAuthenticator sender = auth(AuthMode.SIGN, KEY);
        String fits = "x".repeat(DatagramAuthenticator.MAX_SIGNED_PAYLOAD_BYTES);
        byte[] largest = sender.sign(codec.encode(MtcMessage.command(Command.LOCKED, "", new int[0], fits)));
        assertEquals(WireFormat.MESSAGE_SIZE, largest.length);
        assertEquals(911, DatagramAuthenticator.MAX_SIGNED_PAYLOAD_BYTES);
        assertTrue(auth(AuthMode.REQUIRE, KEY).check(largest, 0, largest.length).accepted());

        byte[] tooLong = codec.encode(MtcMessage.command(Command.LOCKED, "", new int[0], fits + "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sender.sign(tooLong));
        assertTrue(e.getMessage().contains("at most 911"), e.getMessage());
    }

    @Test
    void onlyEncodedDatagramsAreSigned() {
        DatagramAuthenticator sender = auth(AuthMode.SIGN, KEY);
        assertThrows(IllegalArgumentException.class, () -> sender.sign(new byte[99]));
        byte[] noNul = locked();
        noNul[noNul.length - 1] = 'x';
        assertThrows(IllegalArgumentException.class, () -> sender.sign(noNul));
        assertThrows(IllegalStateException.class, () -> DatagramAuthenticator.off().sign(locked()));
    }

    @Test
    void malformedTrailersAreRejected() {
        DatagramAuthenticator receiver = auth(AuthMode.SIGN, KEY);
        byte[] signed = auth(AuthMode.SIGN, KEY).sign(locked());
        int t = signed.length - 48;

        byte[] version = signed.clone();
        version[t + 4] = 2;
        assertEquals(Rejection.BAD_TRAILER, receiver.check(version, 0, version.length).rejection());

        byte[] flags = signed.clone();
        flags[t + 5] = 1; // "no buf" on a message that has one
        assertEquals(Rejection.BAD_TRAILER, receiver.check(flags, 0, flags.length).rejection());

        byte[] hidden = signed.clone();
        hidden[110] = 0; // a NUL inside buf: bytes between it and the trailer would be signed but never read
        assertEquals(Rejection.BAD_TRAILER, receiver.check(hidden, 0, hidden.length).rejection());
    }

    @Test
    void anUnsignedCppDatagramIsNeverTakenForASignedOne() {
        // The magic starts with a NUL, which cannot occur inside buf's string: a C++ datagram ends at its only NUL,
        // and a datagram too short to hold a trailer after an empty buf is never looked at (here the parm words
        // hold the magic itself).
        for (int len = 0; len <= WireFormat.MAX_PAYLOAD_BYTES; len++) {
            byte[] d = codec.encode(MtcMessage.command(Command.LOCKED, "", new int[] {0x41544d00, 0, 0, 0, 0},
                    "M".repeat(len)));
            assertFalse(Trailer.present(d, 0, d.length), "payload of " + len);
        }
    }
}
