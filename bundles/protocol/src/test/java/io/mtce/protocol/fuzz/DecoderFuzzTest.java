package io.mtce.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.internal.Outcomes;
import io.mtce.protocol.internal.WireCodec;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the decoder: any bytes either decode or raise {@link MalformedMessageException} (any
 * other exception is a finding), the array and buffer entry points agree, what decodes re-encodes to a datagram
 * that decodes to the same message, and reading it as an mtcAlive raises nothing but that exception either, straight
 * from the bytes or from the decoded message, with the same outcome. In a
 * normal build only the inputs under {@code DecoderFuzzTestInputs/decode} run; with {@code JAZZER_FUZZ=1} Jazzer
 * mutates them (see BENCHMARKS.md).
 */
class DecoderFuzzTest {
    private static final WireCodec CODEC = new WireCodec();

    @FuzzTest(maxDuration = "20s")
    void decode(byte[] datagram) {
        assertDirectReadAgrees(datagram);
        MtcMessage message;
        try {
            message = CODEC.decode(datagram, 0, datagram.length);
        } catch (MalformedMessageException e) {
            assertFails(datagram);
            return;
        }
        try {
            assertEquals(message, CODEC.decode(ByteBuffer.wrap(datagram).asReadOnlyBuffer()));
        } catch (MalformedMessageException e) {
            throw new AssertionError("the buffer entry point refuses what the array one accepts", e);
        }
        if (message.header() != Header.CMD_RSP) { // an ack's header keeps bytes after its NUL: not round-tripped
            byte[] again = CODEC.encode(message);
            try {
                assertEquals(message, CODEC.decode(again, 0, again.length));
            } catch (MalformedMessageException e) {
                throw new AssertionError("a re-encoded message does not decode", e);
            }
        }
        try {
            CODEC.readMtcAlive(message);
        } catch (MalformedMessageException e) {
            // not an mtcAlive, or not a valid one: expected for most inputs
        }
    }

    /** readMtcAlive from the bytes: the same mtcAlive or the same rejection as decode then readMtcAlive. */
    private static void assertDirectReadAgrees(byte[] datagram) {
        assertEquals(Outcomes.twoStepMtcAlive(CODEC, datagram), Outcomes.directMtcAlive(CODEC, datagram));
    }

    private static void assertFails(byte[] datagram) {
        try {
            CODEC.decode(ByteBuffer.wrap(datagram).asReadOnlyBuffer());
        } catch (MalformedMessageException e) {
            return;
        }
        throw new AssertionError("the buffer entry point accepts what the array one refuses");
    }
}
