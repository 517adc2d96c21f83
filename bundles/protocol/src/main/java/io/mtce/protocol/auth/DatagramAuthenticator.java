package io.mtce.protocol.auth;

import io.mtce.protocol.WireFormat;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs encoded maintenance datagrams and checks received ones, according to an {@link AuthMode}. Signing appends
 * a 48-byte trailer after buf's NUL (an ack, which has no buf, first gets a NUL, i.e. an empty buf): receivers that
 * know nothing of it, the C++ daemons included, read buf up to its NUL and ignore the rest. With
 * {@link AuthMode#OFF} nothing is added or checked. Its settings are fixed; the node's configured
 * {@link DatagramAuthentication} service delegates to one of these and replaces it when the configuration changes.
 * Thread-safe.
 */
public final class DatagramAuthenticator implements DatagramAuthentication {
    /** Bytes the trailer adds after buf's NUL. */
    public static final int TRAILER_SIZE = Trailer.SIZE;
    /** The longest payload a signed message can carry: 1060 - 100 - 1 (NUL) - 48 (trailer). */
    public static final int MAX_SIGNED_PAYLOAD_BYTES = WireFormat.MESSAGE_SIZE - WireFormat.FIXED_SIZE - 1
            - TRAILER_SIZE;

    private static final DatagramAuthenticator OFF = new DatagramAuthenticator(AuthMode.OFF, null, null,
            Clock.systemUTC());

    private final AuthMode mode;
    private final AuthKeys keys;
    private final ReplayWindow replays;
    private final Clock clock;
    private final AtomicLong lastStamp = new AtomicLong();

    /**
     * @param keys required unless {@code mode} is {@link AuthMode#OFF}
     * @param replays required unless {@code mode} is {@link AuthMode#OFF}
     * @param clock the source of send stamps and of "now" for the replay window
     */
    public DatagramAuthenticator(AuthMode mode, AuthKeys keys, ReplayWindow replays, Clock clock) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (mode != AuthMode.OFF) {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(replays, "replays");
        }
        this.keys = keys;
        this.replays = replays;
    }

    /** Neither signs nor checks: the C++-compatible default. */
    public static DatagramAuthenticator off() {
        return OFF;
    }

    @Override
    public AuthMode mode() {
        return mode;
    }

    /** What to send for {@code datagram}: itself with {@link AuthMode#OFF}, else {@link #sign signed}. */
    @Override
    public byte[] protect(byte[] datagram) {
        return mode == AuthMode.OFF ? datagram : sign(datagram);
    }

    /**
     * Appends the trailer to a datagram as {@code MessageCodec.encode} produced it (100 bytes, or 100 + payload +
     * NUL), signed with the current key.
     *
     * @throws IllegalArgumentException when the datagram is not an encoded message, or its payload is longer than
     *         {@link #MAX_SIGNED_PAYLOAD_BYTES}
     * @throws IllegalStateException when this authenticator has no key (mode off)
     */
    public byte[] sign(byte[] datagram) {
        if (keys == null) {
            throw new IllegalStateException("authentication is off: there is no key to sign with");
        }
        int n = datagram.length;
        boolean noBuf = n == WireFormat.FIXED_SIZE;
        if (!noBuf && (n < WireFormat.FIXED_SIZE || firstNul(datagram, 0, n) != n - 1)) {
            throw new IllegalArgumentException("not an encoded maintenance datagram (" + n + " bytes; buf must end"
                    + " with its only NUL)");
        }
        int start = noBuf ? n + 1 : n;
        if (start + Trailer.SIZE > WireFormat.MESSAGE_SIZE) {
            throw new IllegalArgumentException("payload of " + (n - WireFormat.FIXED_SIZE - 1) + " bytes leaves no"
                    + " room for the " + Trailer.SIZE + "-byte authentication trailer; a signed message carries at"
                    + " most " + MAX_SIGNED_PAYLOAD_BYTES);
        }
        AuthKey key = keys.current();
        byte[] out = Arrays.copyOf(datagram, start + Trailer.SIZE); // an ack's padding NUL is already zero
        Trailer.putMagic(out, start);
        out[start + Trailer.OFFSET_VERSION] = (byte) Trailer.VERSION;
        out[start + Trailer.OFFSET_FLAGS] = (byte) (noBuf ? Trailer.FLAG_NO_BUF : 0);
        out[start + Trailer.OFFSET_KEY_ID] = (byte) key.id();
        Trailer.putU64(out, start + Trailer.OFFSET_STAMP, nextStamp());
        byte[] mac = key.hmac(out, 0, start + Trailer.OFFSET_MAC);
        System.arraycopy(mac, 0, out, start + Trailer.OFFSET_MAC, Trailer.MAC_SIZE);
        return out;
    }

    /**
     * Checks {@code length} bytes of {@code bytes} from {@code offset} as this mode requires. Nothing here throws
     * for any content. An accepted datagram's {@link Verdict#length()} is what to decode.
     */
    @Override
    public Verdict check(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (mode == AuthMode.OFF) {
            return Verdict.accepted(length, false);
        }
        if (!Trailer.present(bytes, offset, length)) {
            return mode == AuthMode.REQUIRE ? Verdict.rejected(Rejection.UNSIGNED, "no authentication trailer")
                    : Verdict.accepted(length, false);
        }
        int start = length - Trailer.SIZE;
        int t = offset + start;
        int flags = bytes[t + Trailer.OFFSET_FLAGS] & 0xFF;
        if (bytes[t + Trailer.OFFSET_VERSION] != Trailer.VERSION || (flags & ~Trailer.FLAG_NO_BUF) != 0
                || bytes[t + Trailer.OFFSET_RESERVED] != 0) {
            return Verdict.rejected(Rejection.BAD_TRAILER, String.format("trailer version %d, flags 0x%02x",
                    bytes[t + Trailer.OFFSET_VERSION] & 0xFF, flags));
        }
        boolean noBuf = (flags & Trailer.FLAG_NO_BUF) != 0;
        // buf must end exactly where the trailer starts, so what is decoded is all that was signed
        if (firstNul(bytes, offset, start) != start - 1 || noBuf && start != WireFormat.FIXED_SIZE + 1) {
            return Verdict.rejected(Rejection.BAD_TRAILER, "buf does not end right before the trailer");
        }
        Instant now = clock.instant();
        int keyId = bytes[t + Trailer.OFFSET_KEY_ID] & 0xFF;
        List<AuthKey> candidates = keys.forId(keyId, now);
        if (candidates.isEmpty()) {
            return Verdict.rejected(Rejection.UNKNOWN_KEY, String.format("signed with key id 0x%02x, which is not"
                    + " (or no longer) accepted here", keyId));
        }
        byte[] mac = Arrays.copyOfRange(bytes, t + Trailer.OFFSET_MAC, t + Trailer.SIZE);
        boolean valid = false;
        for (AuthKey key : candidates) {
            valid |= MessageDigest.isEqual(mac, key.hmac(bytes, offset, start + Trailer.OFFSET_MAC));
        }
        if (!valid) {
            return Verdict.rejected(Rejection.BAD_SIGNATURE, "HMAC does not match (altered, or another key)");
        }
        long stamp = Trailer.u64(bytes, t + Trailer.OFFSET_STAMP);
        Rejection replay = replays.admit(stamp, mac, micros(now));
        if (replay != null) {
            return Verdict.rejected(replay, replay == Rejection.REPLAYED ? "already received"
                    : "sender stamp " + Instant.EPOCH.plusNanos(stamp * 1000L) + " outside the "
                            + replays.window().toMillis() + " ms replay window");
        }
        return Verdict.accepted(noBuf ? WireFormat.FIXED_SIZE : start, true);
    }

    /**
     * One line for the log (no secret).
     *
     * @since 1.1
     */
    @Override
    public String describe() {
        if (mode == AuthMode.OFF) {
            return "authentication off";
        }
        return "authentication " + mode.name().toLowerCase(Locale.ROOT) + " with key id "
                + String.format("0x%02x", keys.current().id()) + keys.describeOther(clock.instant())
                + ", replay window " + replays.window().toMillis() + " ms";
    }

    /** @return the first NUL at or after buf's offset within the first {@code end} bytes, or -1 */
    private static int firstNul(byte[] bytes, int offset, int end) {
        for (int i = WireFormat.OFFSET_BUF; i < end; i++) {
            if (bytes[offset + i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Microseconds since the epoch, strictly increasing across calls. */
    private long nextStamp() {
        long now = micros(clock.instant());
        return lastStamp.accumulateAndGet(now, (last, x) -> Math.max(last + 1, x));
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000L;
    }

    @Override
    public String toString() {
        return "DatagramAuthenticator[" + mode + (keys == null ? "" : ", key " + keys.current()) + "]";
    }
}
