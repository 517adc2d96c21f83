package io.mtce.protocol.internal;

import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.Network;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link MtcAliveJson} for what every C++ and Java client actually sends: one flat object whose
 * values are strings without escapes and unsigned integers. It writes and reads such JSON with plain string
 * operations and returns {@code null} for anything else, which jackson-core then writes or reads (and rejects with
 * its message). So it never decides anything differently: on any JSON it accepts, the result equals jackson's
 * ({@code PlainMtcAliveJsonTest}, {@code MtcAliveJsonFuzzTest}).
 */
final class PlainMtcAliveJson {
    private static final String[] KEYS = {MtcAliveJson.HOSTNAME, MtcAliveJson.PERSONALITY, MtcAliveJson.PXEBOOT_IP,
        MtcAliveJson.MGMT_IP, MtcAliveJson.CLUSTER_HOST_IP, MtcAliveJson.MGMT_MAC, MtcAliveJson.INTERFACE};
    private static final int HOSTNAME = 0;
    private static final int PERSONALITY = 1;
    private static final int PXEBOOT_IP = 2;
    private static final int MGMT_IP = 3;
    private static final int CLUSTER_HOST_IP = 4;
    private static final int MGMT_MAC = 5;
    private static final int INTERFACE = 6;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Name[] KEY_NAMES = Arrays.stream(KEYS).map(Name::new).toArray(Name[]::new);
    /** The keys in the order the C++ client writes them. */
    private static final Name[] ORDER = {KEY_NAMES[0], KEY_NAMES[1], KEY_NAMES[2], KEY_NAMES[3], KEY_NAMES[4],
        KEY_NAMES[5], KEY_NAMES[6], new Name(MtcAliveJson.SEQUENCE)};
    private static final Network[] NETWORKS = Network.values();
    private static final Name[] NETWORK_NAMES = Arrays.stream(NETWORKS).map(n -> new Name(n.wireName()))
            .toArray(Name[]::new);
    /** StarlingX personalities: one shared string each instead of a copy per message. */
    private static final Name[] PERSONALITIES = {new Name("controller"), new Name("worker"), new Name("storage")};
    /** What comes before each string value, then before the sequence: {"hostname":" ... ","sequence": */
    private static final byte[][] OPENERS = openers();
    /** The length of the JSON without its values and sequence digits: the openers and the closing brace. */
    private static final int PLAIN_LENGTH = Arrays.stream(OPENERS).mapToInt(o -> o.length).sum() + 1;

    private PlainMtcAliveJson() {
    }

    /** @return the compact JSON, byte for byte what jackson writes, or null when a value needs escaping */
    static String write(MtcAlive alive) {
        int length = length(alive);
        if (length < 0) {
            return null;
        }
        byte[] out = new byte[length];
        writeTo(alive, out, 0, length);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** @return how many bytes (ASCII characters) the JSON of {@code alive} takes, or -1 when it is not plain */
    static int length(MtcAlive alive) {
        int length = PLAIN_LENGTH + digits(Integer.toUnsignedLong(alive.sequence()));
        for (int k = 0; k < KEYS.length; k++) {
            String value = value(alive, k);
            if (!writable(value)) {
                return -1;
            }
            length += value.length();
        }
        return length;
    }

    /** Writes the JSON of {@code alive}, {@code length} bytes as {@link #length} gave them, at {@code at}. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, no copy
    static void writeTo(MtcAlive alive, byte[] out, int at, int length) {
        int end = at + length;
        for (int k = 0; k < KEYS.length; k++) {
            System.arraycopy(OPENERS[k], 0, out, at, OPENERS[k].length);
            at += OPENERS[k].length;
            String value = value(alive, k);
            value.getBytes(0, value.length(), out, at); // ASCII: length() checked it
            at += value.length();
        }
        System.arraycopy(OPENERS[KEYS.length], 0, out, at, OPENERS[KEYS.length].length);
        long sequence = Integer.toUnsignedLong(alive.sequence());
        for (int i = end - 2; i >= at + OPENERS[KEYS.length].length; i--, sequence /= 10) {
            out[i] = (byte) ('0' + sequence % 10);
        }
        out[end - 1] = '}';
    }

    private static String value(MtcAlive alive, int key) {
        return switch (key) {
            case HOSTNAME -> alive.hostname();
            case PERSONALITY -> alive.personality();
            case PXEBOOT_IP -> alive.pxebootIp();
            case MGMT_IP -> alive.mgmtIp();
            case CLUSTER_HOST_IP -> alive.clusterHostIp();
            case MGMT_MAC -> alive.mgmtMac();
            default -> alive.network().wireName();
        };
    }

    private static int digits(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    /**
     * @return the identity in {@code json}, or null when the JSON is not one flat object of plain strings and unsigned
     *         integers in ASCII, or would be rejected (a required key missing, an unknown interface)
     */
    static MtcAliveJson.Identity read(String json) {
        for (int i = 0; i < json.length(); i++) {
            if (json.charAt(i) > 0x7f) {
                return null;
            }
        }
        byte[] ascii = json.getBytes(StandardCharsets.ISO_8859_1);
        return read(ascii, 0, ascii.length, false);
    }

    /**
     * As {@link #read(String)}, for the JSON from {@code from}: up to {@code to}, or, when {@code terminated}, up to
     * a NUL before {@code to} (null without one), as in a received buf. Null also when a byte is not ASCII. Each key
     * is first compared with the one the C++ order has next, and the interface and personality values with the
     * known names: what matches needs no scan for its closing quote.
     */
    static MtcAliveJson.Identity read(byte[] json, int from, int to, boolean terminated) {
        String[] values = new String[KEYS.length];
        Network network = null;
        int expected = 0; // index into ORDER
        int i = skipSpace(json, from, to);
        if (i >= to || json[i] != '{') {
            return null;
        }
        do {
            i = skipSpace(json, i + 1, to);
            if (i >= to || json[i] != '"') {
                return null;
            }
            int slot;
            int keyEnd = expected < ORDER.length ? knownEnd(ORDER[expected], json, i + 1, to) : -1;
            if (keyEnd >= 0) {
                slot = expected < KEYS.length ? expected : -1; // ORDER starts with KEYS, then "sequence"
                expected++;
            } else {
                keyEnd = plainStringEnd(json, i + 1, to);
                if (keyEnd < 0) {
                    return null;
                }
                slot = slotOf(json, i + 1, keyEnd);
                expected = slot >= 0 ? slot + 1 : expected;
            }
            i = skipSpace(json, keyEnd + 1, to);
            if (i >= to || json[i] != ':') {
                return null;
            }
            i = skipSpace(json, i + 1, to);
            if (i < to && json[i] == '"') {
                int valueStart = i + 1;
                int known = slot == INTERFACE ? knownIndex(NETWORK_NAMES, json, valueStart, to)
                        : slot == PERSONALITY ? knownIndex(PERSONALITIES, json, valueStart, to) : -1;
                int valueEnd = known >= 0 ? valueStart + (slot == INTERFACE ? NETWORK_NAMES : PERSONALITIES)[known]
                        .length() : plainStringEnd(json, valueStart, to);
                if (valueEnd < 0) {
                    return null;
                }
                // A repeated key: the last one counts, as with jackson.
                if (slot == INTERFACE) {
                    network = known >= 0 ? NETWORKS[known] : null;
                } else if (slot == PERSONALITY && known >= 0) {
                    values[slot] = PERSONALITIES[known].text();
                } else if (slot >= 0) {
                    values[slot] = new String(json, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                }
                i = valueEnd + 1;
            } else if (slot < 0) { // "sequence" and unknown keys are skipped, as long as they are plain
                i = unsignedIntegerEnd(json, i, to);
                if (i < 0) {
                    return null;
                }
            } else {
                return null;
            }
            i = skipSpace(json, i, to);
        } while (i < to && json[i] == ',');
        if (i >= to || json[i] != '}') {
            return null;
        }
        // Every byte so far was a plain one, none a NUL: the one after the trailing spaces is the first NUL.
        int end = skipSpace(json, i + 1, to);
        if (terminated ? end == to || json[end] != 0 : end != to) {
            return null;
        }
        if (values[HOSTNAME] == null || values[PERSONALITY] == null || network == null) {
            return null;
        }
        return new MtcAliveJson.Identity(values[HOSTNAME], values[PERSONALITY], values[PXEBOOT_IP], values[MGMT_IP],
                values[CLUSTER_HOST_IP], values[MGMT_MAC], network);
    }

    /** Printable ASCII other than quote and backslash: what jackson writes as it is. */
    private static boolean writable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[][] openers() {
        byte[][] openers = new byte[KEYS.length + 1][];
        for (int k = 0; k <= KEYS.length; k++) {
            String key = k < KEYS.length ? KEYS[k] : MtcAliveJson.SEQUENCE;
            String opener = (k == 0 ? "{" : "\",") + "\"" + key + "\":" + (k < KEYS.length ? "\"" : "");
            openers[k] = opener.getBytes(StandardCharsets.US_ASCII);
        }
        return openers;
    }

    private static int skipSpace(byte[] json, int i, int to) {
        while (i < to && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * The index of the quote that ends a string starting at {@code from}; -1 at an escape, a control character, a
     * byte that is not ASCII, or the end.
     */
    private static int plainStringEnd(byte[] json, int from, int to) {
        int at = AsciiScan.indexOfJsonSpecial(json, from, to);
        return at >= 0 && json[at] == '"' ? at : -1;
    }

    /** The end of {@code 0} or {@code [1-9][0-9]*} at {@code from}, when no fraction or exponent follows; else -1. */
    private static int unsignedIntegerEnd(byte[] json, int from, int to) {
        int i = from;
        while (i < to && json[i] >= '0' && json[i] <= '9') {
            i++;
        }
        if (i == from || (json[from] == '0' && i > from + 1)) {
            return -1;
        }
        if (i < to && (json[i] == '.' || json[i] == 'e' || json[i] == 'E')) {
            return -1;
        }
        return i;
    }

    /** The index of the quote that ends a string at {@code start} when the string is {@code name}, else -1. */
    private static int knownEnd(Name name, byte[] json, int start, int to) {
        int end = start + name.length();
        return end < to && json[end] == '"' && name.is(json, start, end) ? end : -1;
    }

    /** Which of {@code names} the string at {@code start} is, -1 when none. */
    private static int knownIndex(Name[] names, byte[] json, int start, int to) {
        for (int k = 0; k < names.length; k++) {
            if (knownEnd(names[k], json, start, to) >= 0) {
                return k;
            }
        }
        return -1;
    }

    private static int slotOf(byte[] json, int from, int to) {
        int slot = switch (to - from) { // each key's length, and the first letter where two share one
            case 7 -> MGMT_IP;
            case 8 -> json[from] == 'h' ? HOSTNAME : MGMT_MAC;
            case 9 -> INTERFACE;
            case 10 -> PXEBOOT_IP;
            case 11 -> PERSONALITY;
            case 15 -> CLUSTER_HOST_IP;
            default -> -1;
        };
        return slot >= 0 && KEY_NAMES[slot].is(json, from, to) ? slot : -1;
    }

    /**
     * A known name of 4 to 15 ASCII characters, compared with a JSON string in two loads: the first and the last
     * eight bytes (four below eight characters), which overlap or meet and so cover every byte.
     */
    private record Name(String text, long head, long tail) {
        Name(String text) {
            this(text, head(text.getBytes(StandardCharsets.US_ASCII)), tail(text.getBytes(StandardCharsets.US_ASCII)));
        }

        Name {
            if (text.length() < Integer.BYTES || text.length() > 2 * Long.BYTES - 1) {
                throw new IllegalArgumentException("a name of " + text.length() + " characters: " + text);
            }
        }

        int length() {
            return text.length();
        }

        boolean is(byte[] json, int from, int to) {
            int length = text.length();
            if (to - from != length) {
                return false;
            }
            return length >= Long.BYTES
                    ? (long) LONGS.get(json, from) == head && (long) LONGS.get(json, to - Long.BYTES) == tail
                    : (int) INTS.get(json, from) == head && (int) INTS.get(json, to - Integer.BYTES) == tail;
        }

        private static long head(byte[] b) {
            return b.length >= Long.BYTES ? (long) LONGS.get(b, 0) : (int) INTS.get(b, 0);
        }

        private static long tail(byte[] b) {
            return b.length >= Long.BYTES ? (long) LONGS.get(b, b.length - Long.BYTES)
                    : (int) INTS.get(b, b.length - Integer.BYTES);
        }
    }
}
