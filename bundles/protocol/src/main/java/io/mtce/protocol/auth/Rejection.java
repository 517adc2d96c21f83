package io.mtce.protocol.auth;

/** Why a received datagram was dropped before the role acted on it. */
public enum Rejection {
    /** The source address is not allowed on that network (source allowlist). */
    SOURCE,
    /** Not a valid maintenance message (the codec refused it). */
    MALFORMED,
    /** No authentication trailer, and the receiver requires one (auth.mode=require). */
    UNSIGNED,
    /** A trailer is present but not well formed (version, flags, or where buf ends). */
    BAD_TRAILER,
    /** The trailer names a key this receiver does not hold (or whose grace period is over). */
    UNKNOWN_KEY,
    /** The HMAC does not match: the datagram was altered or signed with another key. */
    BAD_SIGNATURE,
    /** The sender's timestamp is outside the replay window (or older than every message it remembers). */
    STALE,
    /** A datagram already accepted within the replay window. */
    REPLAYED
}
