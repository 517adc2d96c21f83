package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MalformedMessageException.Reason;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomized, seeded: whatever the bytes, the view accepts them or throws MalformedMessageException and nothing
 * else; it accepts exactly what the decoder accepts up to buf, rejects the rest with the decoder's reason, offset
 * and message, and reads the same fields. Byte arrays and direct buffers give the same answers.
 */
final class MessageViewPropertyTest {
    private static final long SEED = 0x76696577L;
    private static final int ITERATIONS = 5000;
    private static final int MAX_LENGTH = 1100;
    private static final Set<Reason> BUF_REASONS = EnumSet.of(Reason.UNTERMINATED_BUF, Reason.BAD_ENCODING);

    private final WireCodec codec = new WireCodec();
    private final MessageView view = new MessageView();
    private final Random random = new Random(SEED);
    private final Set<Reason> seen = EnumSet.noneOf(Reason.class);
    private int agreedValid;

    @Test
    void randomBytes() throws MalformedMessageException {
        for (int i = 0; i < ITERATIONS; i++) {
            check(randomBytes(random.nextInt(MAX_LENGTH + 1)));
        }
        assertTrue(seen.containsAll(EnumSet.of(Reason.TOO_SHORT, Reason.TOO_LONG, Reason.UNKNOWN_HEADER)),
                seen::toString);
    }

    @Test
    void randomBodiesBehindAValidSignature() throws MalformedMessageException {
        Header[] headers = Header.values();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] b = randomBytes(Header.SIGNATURE_LENGTH + random.nextInt(MAX_LENGTH - 16));
            System.arraycopy(headers[random.nextInt(headers.length)].bytes(), 0, b, 0, Header.SIGNATURE_LENGTH);
            if (b.length >= 100 && random.nextBoolean()) {
                int macEnd = 17 + random.nextInt(47);
                for (int at = 17; at < macEnd; at++) {
                    b[at] = (byte) (random.nextInt(20) == 0 ? random.nextInt(256) : 0x21 + random.nextInt(94));
                }
                b[macEnd] = 0;
                Arrays.fill(b, 76, 80, (byte) 0);
                b[76] = (byte) random.nextInt(7);
            }
            check(b);
        }
        assertTrue(agreedValid > 0, "some random bodies are valid");
        assertTrue(seen.containsAll(EnumSet.of(Reason.BAD_HEADER, Reason.BAD_NUM)), seen::toString);
    }

    @Test
    void mutatedGoldens() throws MalformedMessageException {
        byte[][] goldens = Golden.all();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] b = goldens[random.nextInt(goldens.length)].clone();
            for (int n = random.nextInt(4); n >= 0; n--) {
                int at = random.nextInt(b.length);
                b[at] = random.nextBoolean() ? 0 : (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                b = Arrays.copyOf(b, random.nextInt(MAX_LENGTH + 1));
            }
            check(b);
        }
        assertTrue(agreedValid > ITERATIONS / 10, "agreed on " + agreedValid);
    }

    private void check(byte[] datagram) throws MalformedMessageException {
        Outcome fromArray = viewOf(() -> view.wrap(datagram, 0, datagram.length), datagram);
        ByteBuffer direct = ByteBuffer.allocateDirect(datagram.length).put(datagram).flip();
        Outcome fromBuffer = viewOf(() -> view.wrap(direct), datagram);
        assertEquals(fromArray, fromBuffer, () -> "array and direct buffer differ for " + hex(datagram));

        MtcMessage decoded;
        try {
            decoded = codec.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            seen.add(e.reason());
            if (fromArray.rejection == null) {
                assertTrue(BUF_REASONS.contains(e.reason()), () -> "view accepted what decode rejects for "
                        + e.getMessage() + ": " + hex(datagram));
            } else {
                assertEquals(e.getMessage(), fromArray.rejection, () -> hex(datagram));
            }
            return;
        }
        assertEquals(null, fromArray.rejection, () -> "view rejected what decode accepts: " + hex(datagram));
        view.wrap(datagram, 0, datagram.length);
        MessageViewTest.assertAgrees(decoded, view);
        agreedValid++;
    }

    private Outcome viewOf(Wrap wrap, byte[] datagram) {
        try {
            wrap.run();
            return new Outcome(null, fields(view));
        } catch (MalformedMessageException e) {
            return new Outcome(e.getMessage(), null);
        } catch (Throwable t) {
            throw new AssertionError("view threw " + t + " for " + hex(datagram) + " (seed " + SEED + ")", t);
        }
    }

    private static String fields(MessageView v) {
        StringBuilder s = new StringBuilder().append(v.header()).append(' ').append(v.mac()).append(' ')
                .append(v.ver()).append(' ').append(v.rev()).append(' ').append(v.res()).append(' ').append(v.cmd())
                .append(' ').append(v.num()).append(' ').append(v.length());
        for (int i = 0; i < v.num(); i++) {
            s.append(' ').append(v.parm(i));
        }
        return s.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @FunctionalInterface
    private interface Wrap {
        void run() throws MalformedMessageException;
    }

    /** What the view made of a datagram: its rejection message, or its fields. */
    private record Outcome(String rejection, String fields) {
    }
}
