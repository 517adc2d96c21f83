package io.mtce.protocol.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The key a node signs with and the keys it accepts: the current key always, and one other key (the previous key
 * after a rotation, or the next one before it) until its grace deadline.
 */
public final class AuthKeys {
    private final AuthKey current;
    private final AuthKey other;
    private final Instant otherUntil;

    /**
     * @param current signs, and is always accepted
     * @param other also accepted until {@code otherUntil}, or {@code null}
     * @param otherUntil the end of the grace period of {@code other}; ignored without it
     */
    public AuthKeys(AuthKey current, AuthKey other, Instant otherUntil) {
        this.current = Objects.requireNonNull(current, "current");
        this.other = other;
        this.otherUntil = other == null ? Instant.MIN : Objects.requireNonNull(otherUntil, "otherUntil");
    }

    public static AuthKeys of(AuthKey current) {
        return new AuthKeys(current, null, null);
    }

    public AuthKey current() {
        return current;
    }

    /** Whether the other key is still accepted at {@code now}. */
    public boolean otherAccepted(Instant now) {
        return other != null && now.isBefore(otherUntil);
    }

    /** ", key id 0x.. also accepted until ..." while the other key is accepted, else "". */
    String describeOther(Instant now) {
        return otherAccepted(now) ? String.format(", key id 0x%02x also accepted until %s", other.id(), otherUntil)
                : "";
    }

    /** The keys to try for a trailer naming {@code id}: current first. */
    List<AuthKey> forId(int id, Instant now) {
        List<AuthKey> keys = new ArrayList<>(2);
        if (current.id() == id) {
            keys.add(current);
        }
        if (otherAccepted(now) && other.id() == id) {
            keys.add(other);
        }
        return keys;
    }
}
