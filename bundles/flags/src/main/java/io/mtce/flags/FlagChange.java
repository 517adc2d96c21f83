package io.mtce.flags;

import java.util.Objects;

/**
 * One change of the flag files, as told to {@link FlagStateListener}s.
 *
 * @param kind what happened
 * @param desired the lock state the files are kept in after the change
 * @param state the files on disk right after the change
 * @param detail one human-readable line: what was done and why, or what failed
 */
public record FlagChange(Kind kind, DesiredLock desired, FlagState state, String detail) {

    /** What happened. */
    public enum Kind {
        /** A lock request changed the files. */
        LOCKED,
        /** An unlock request changed the files. */
        UNLOCKED,
        /** A file changed by someone else was set right toward the desired state. */
        CORRECTED,
        /** Startup reconciliation changed the files. */
        RECONCILED,
        /** A write, removal or fsync failed; the files may not match the desired state. */
        FAILED
    }

    public FlagChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }
}
