package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcMessage;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomized, seeded: whatever the bytes, decode and readMtcAlive return a value or throw
 * MalformedMessageException, and never anything else.
 */
final class WireCodecPropertyTest {
    private static final long SEED = 0x6D7463L;
    private static final int ITERATIONS = 5000;
    private static final int MAX_LENGTH = 1100;
    private static final String[] JSON_PIECES = {"{", "}", "[", "]", ":", ",", "\"", " ", "\\", "\\u00", "1", "-",
        "e", ".", "0", "true", "null", "\"hostname\"", "\"personality\"", "\"interface\"", "\"mgmt_ip\"", "\"Mgmnt\"",
        "\"Pxeboot\"", "\"x\"", "\u00e9", "\uD83D\uDE00", "/*", "\t", "NaN"};

    private final WireCodec codec = new WireCodec();
    private final Random random = new Random(SEED);

    @Test
    void randomBytesDecodeOrAreRejected() {
        Tally tally = new Tally();
        for (int i = 0; i < ITERATIONS; i++) {
            tally.decode(randomBytes(random.nextInt(MAX_LENGTH + 1)));
        }
        assertEquals(ITERATIONS, tally.accepted + tally.rejected);
        assertTrue(tally.reasons.containsAll(EnumSet.of(Reason.TOO_SHORT, Reason.TOO_LONG, Reason.UNKNOWN_HEADER)),
                tally::toString);
    }

    /** Random bytes behind a valid signature, with a small num half the time: reaches the deeper checks. */
    @Test
    void randomBodiesBehindAValidSignatureDecodeOrAreRejected() {
        Tally tally = new Tally();
        Header[] headers = Header.values();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] b = randomBytes(Header.SIGNATURE_LENGTH + random.nextInt(MAX_LENGTH - 16));
            System.arraycopy(headers[random.nextInt(headers.length)].bytes(), 0, b, 0, Header.SIGNATURE_LENGTH);
            if (b.length >= 100 && random.nextBoolean()) {
                plausible(b);
            }
            tally.decode(b);
        }
        assertEquals(ITERATIONS, tally.accepted + tally.rejected);
        assertTrue(tally.accepted > 0, tally::toString);
        assertTrue(tally.reasons.containsAll(EnumSet.of(Reason.TOO_SHORT, Reason.TOO_LONG, Reason.BAD_HEADER,
                Reason.BAD_NUM, Reason.UNTERMINATED_BUF, Reason.BAD_ENCODING)), tally::toString);
    }

    @Test
    void mutatedGoldenDatagramsDecodeOrAreRejected() {
        Tally tally = new Tally();
        byte[][] goldens = Golden.all();
        for (int i = 0; i < ITERATIONS; i++) {
            tally.decode(mutate(goldens[random.nextInt(goldens.length)]));
        }
        assertEquals(ITERATIONS, tally.accepted + tally.rejected);
        assertTrue(tally.accepted > ITERATIONS / 10, tally::toString);
        assertTrue(tally.rejected > ITERATIONS / 10, tally::toString);
        assertTrue(tally.aliveAccepted > 0 && tally.aliveRejected > 0, tally::toString);
        assertTrue(tally.directAccepted > ITERATIONS / 50, tally::toString);
        assertTrue(tally.reasons.contains(Reason.BAD_PAYLOAD), tally::toString);
    }

    @Test
    void randomJsonInAnMtcAliveIsReadOrRejected() {
        Tally tally = new Tally();
        for (int i = 0; i < ITERATIONS; i++) {
            String json = random.nextInt(4) == 0 ? mutateText(Golden.ALIVE_JSON) : randomJson();
            tally.readAlive(new MtcMessage(Header.WORKER, "", 0, 0, 0, Command.MTCALIVE, new int[] {1, 2, 3, 4},
                    json));
        }
        assertEquals(ITERATIONS, tally.aliveAccepted + tally.aliveRejected);
        assertTrue(tally.aliveAccepted > 0, tally::toString);
        assertTrue(tally.aliveRejected > ITERATIONS / 2, tally::toString);
    }

    /** Mostly-printable MAC, small num, and a buf that is ASCII up to a NUL; each with some chance of not. */
    private void plausible(byte[] b) {
        int macEnd = 17 + random.nextInt(47);
        for (int at = 17; at < macEnd; at++) {
            b[at] = (byte) (random.nextInt(20) == 0 ? random.nextInt(256) : 0x21 + random.nextInt(94));
        }
        b[macEnd] = 0;
        Arrays.fill(b, 76, 80, (byte) 0);
        b[76] = (byte) random.nextInt(7);
        if (b.length > 100 && random.nextInt(4) > 0) {
            int bufEnd = 100 + random.nextInt(b.length - 100);
            boolean ascii = random.nextBoolean();
            for (int at = 100; at < bufEnd && ascii; at++) {
                b[at] = (byte) (0x01 + random.nextInt(0x7F));
            }
            b[bufEnd] = 0;
        }
    }

    private byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private byte[] mutate(byte[] golden) {
        byte[] b = golden.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(5)) {
                case 0: // flip one to four bits anywhere
                    for (int n = random.nextInt(4); n >= 0 && b.length > 0; n--) {
                        int at = random.nextInt(b.length);
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                case 1: // replace a byte, mostly inside buf where the JSON is
                    if (b.length > 0) {
                        int at = b.length > 101 && random.nextBoolean() ? 100 + random.nextInt(b.length - 101)
                                : random.nextInt(b.length);
                        b[at] = (byte) random.nextInt(256);
                    }
                    break;
                case 2: // truncate
                    b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                    break;
                case 3: // extend with random bytes or zero padding
                    int extra = random.nextInt(MAX_LENGTH - Math.min(b.length, MAX_LENGTH) + 1);
                    int old = b.length;
                    b = Arrays.copyOf(b, old + extra);
                    if (random.nextBoolean()) {
                        for (int at = old; at < b.length; at++) {
                            b[at] = (byte) random.nextInt(256);
                        }
                    }
                    break;
                default: // plant a NUL
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] = 0;
                    }
                    break;
            }
        }
        return b;
    }

    private String mutateText(String text) {
        StringBuilder s = new StringBuilder(text);
        int at = random.nextInt(s.length());
        switch (random.nextInt(3)) {
            case 0:
                s.deleteCharAt(at);
                break;
            case 1:
                s.insert(at, JSON_PIECES[random.nextInt(JSON_PIECES.length)]);
                break;
            default:
                s.setCharAt(at, (char) (0x20 + random.nextInt(0x5F)));
                break;
        }
        return s.toString();
    }

    private String randomJson() {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(40); n >= 0; n--) {
            s.append(JSON_PIECES[random.nextInt(JSON_PIECES.length)]);
        }
        return s.toString();
    }

    /** Counts outcomes; any Throwable other than MalformedMessageException fails with the input that caused it. */
    private final class Tally {
        int accepted;
        int rejected;
        int aliveAccepted;
        int aliveRejected;
        int directAccepted;
        final Set<Reason> reasons = EnumSet.noneOf(Reason.class);

        void decode(byte[] datagram) {
            checkDirectRead(datagram);
            MtcMessage m;
            try {
                m = codec.decode(datagram, 0, datagram.length);
            } catch (MalformedMessageException e) {
                rejected++;
                reasons.add(e.reason());
                return;
            } catch (Throwable t) {
                throw failure("decode", HexFormat.of().formatHex(datagram), t);
            }
            accepted++;
            checkReencodes(m);
            if (m.header() == Header.WORKER && m.cmd() == Command.MTCALIVE) {
                readAlive(m);
            }
        }

        void readAlive(MtcMessage m) {
            MtcAlive alive;
            try {
                alive = codec.readMtcAlive(m);
            } catch (MalformedMessageException e) {
                aliveRejected++;
                reasons.add(e.reason());
                return;
            } catch (Throwable t) {
                throw failure("readMtcAlive", m.toString(), t);
            }
            aliveAccepted++;
            assertEquals(m.parm(3), alive.sequence());
        }

        /**
         * readMtcAlive straight from the bytes gives what decode then readMtcAlive gives: the same mtcAlive, or the
         * same rejection (reason, offset and message).
         */
        private void checkDirectRead(byte[] datagram) {
            Object direct;
            try {
                direct = Outcomes.directMtcAlive(codec, datagram);
            } catch (Throwable t) {
                throw failure("readMtcAlive(bytes)", HexFormat.of().formatHex(datagram), t);
            }
            assertEquals(Outcomes.twoStepMtcAlive(codec, datagram), direct, () -> HexFormat.of().formatHex(datagram));
            if (direct instanceof MtcAlive) {
                directAccepted++;
            }
        }

        /**
         * Whatever decodes re-encodes to bytes that decode to the same message and re-encode identically. An ack
         * is the exception: its MAC string ends at hdr[17], so it decodes with an empty MAC.
         */
        private void checkReencodes(MtcMessage m) {
            byte[] wire = codec.encode(m);
            boolean ack = m.header() == Header.CMD_RSP;
            MtcMessage expected = ack
                    ? new MtcMessage(m.header(), "", m.ver(), m.rev(), m.res(), m.cmd(), m.parms(), m.payload())
                    : m;
            try {
                MtcMessage again = codec.decode(wire, 0, wire.length);
                assertEquals(expected, again);
                if (!ack) {
                    assertArrayEquals(wire, codec.encode(again));
                }
            } catch (MalformedMessageException e) {
                fail("re-encoded " + m + " does not decode", e);
            }
        }

        private AssertionError failure(String what, String input, Throwable t) {
            return new AssertionError(what + " threw " + t + " for " + input + " (seed " + SEED + ")", t);
        }

        @Override
        public String toString() {
            return "accepted=" + accepted + " rejected=" + rejected + " aliveAccepted=" + aliveAccepted
                    + " aliveRejected=" + aliveRejected + " directAccepted=" + directAccepted + " reasons=" + reasons;
        }
    }
}
