package io.mtce.protocol.internal;

import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MessageCodec;
import java.nio.ByteBuffer;

/**
 * What a reading path made of an input: its result, or the message of its rejection. Two paths that must agree (a
 * fast one and the general one) are compared with {@code assertEquals} on their outcomes. Public for the fuzz
 * targets in other packages.
 */
public final class Outcomes {
    private Outcomes() {
    }

    /** mtcAlive through the message: {@code readMtcAlive(decode(datagram))}. */
    public static Object twoStepMtcAlive(MessageCodec codec, byte[] datagram) {
        try {
            return codec.readMtcAlive(codec.decode(datagram, 0, datagram.length));
        } catch (MalformedMessageException e) {
            return e.getMessage();
        }
    }

    /** mtcAlive straight from the bytes: {@code readMtcAlive(ByteBuffer)}. */
    public static Object directMtcAlive(MessageCodec codec, byte[] datagram) {
        try {
            return codec.readMtcAlive(ByteBuffer.wrap(datagram));
        } catch (MalformedMessageException e) {
            return e.getMessage();
        }
    }

    /** The plain JSON reader's identity, or null where it declines. */
    static Object plainJson(String json) {
        return PlainMtcAliveJson.read(json);
    }

    /** jackson-core's identity, or its rejection. */
    static Object generalJson(String json) {
        try {
            return MtcAliveJson.readGeneral(json);
        } catch (MalformedMessageException e) {
            return e.getMessage();
        }
    }
}
