package io.mtce.client.internal;

import io.mtce.protocol.Command;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.internal.WireCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Bad datagrams, one of each kind a hostile or broken peer can send, built from a valid LOCKED command. */
final class HostileInput {
    private static final String JSON = "{\"address\":\"192.168.204.2\",\"interface\":\"Mgmnt\"}";

    private HostileInput() {
    }

    static byte[] locked(String mac) {
        return new WireCodec().encode(MtcMessage.command(Command.LOCKED, mac, new int[] {1}, JSON));
    }

    /** Name to datagram; none of them is a command the client may act on. */
    static Map<String, byte[]> kinds(String mac) {
        byte[] valid = locked(mac);
        Map<String, byte[]> kinds = new LinkedHashMap<>();
        byte[] oversized = Arrays.copyOf(valid, 1061);
        Arrays.fill(oversized, valid.length, oversized.length, (byte) 'x');
        kinds.put("oversized (1061 bytes)", oversized);
        kinds.put("oversized (65507 bytes)", random(65_507, 1));
        kinds.put("empty", new byte[0]);
        kinds.put("truncated (7 bytes)", Arrays.copyOf(valid, 7));
        kinds.put("truncated (99 bytes)", Arrays.copyOf(valid, 99));
        byte[] header = valid.clone();
        header[9] = 'X';
        kinds.put("wrong header", header);
        byte[] hdrNoNul = valid.clone();
        Arrays.fill(hdrNoNul, 17, 64, (byte) 'a');
        kinds.put("header without NUL", hdrNoNul);
        kinds.put("huge num", with(valid, 76, 0xFFFFFFFF));
        kinds.put("num 6", with(valid, 76, 6));
        byte[] noNul = Arrays.copyOf(valid, valid.length);
        noNul[noNul.length - 1] = '}';
        kinds.put("non-terminated buf", noNul);
        byte[] utf8 = valid.clone();
        utf8[101] = (byte) 0xC3;
        utf8[102] = (byte) 0x28;
        kinds.put("invalid UTF-8 in buf", utf8);
        kinds.put("ack instead of a command", new WireCodec().encode(MtcMessage.ackOf(
                MtcMessage.command(Command.LOCKED, mac, new int[] {1}, null))));
        kinds.put("random 300 bytes", random(300, 2));
        kinds.put("zeros", new byte[1060]);
        return kinds;
    }

    /**
     * A LOCKED with a trailer that looks signed but whose MAC is garbage: refused when authentication is on (with it
     * off the trailer is ignored, as a C++ client ignores it, and the command is valid).
     */
    static byte[] forgedTrailer(String mac) {
        byte[] valid = locked(mac);
        byte[] signedLooking = Arrays.copyOf(valid, valid.length + 48);
        byte[] fields = {0, 'M', 'T', 'A', 1, 0, 7, 0};
        System.arraycopy(fields, 0, signedLooking, valid.length, fields.length);
        return signedLooking;
    }

    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] with(byte[] datagram, int offset, int u32) {
        byte[] copy = datagram.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, u32);
        return copy;
    }
}
