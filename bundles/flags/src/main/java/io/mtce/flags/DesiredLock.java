package io.mtce.flags;

/** The lock state the flag files are kept in. */
public enum DesiredLock {
    /** Locked, persist flag set: both files. */
    LOCKED_PERSIST(FlagState.BOTH_PRESENT),
    /** Locked without persistence (simplex): the volatile file only, no backup. */
    LOCKED_VOLATILE_ONLY(FlagState.ONLY_VOLATILE),
    /** Unlocked: neither file. */
    UNLOCKED(FlagState.BOTH_ABSENT);

    private final FlagState expected;

    DesiredLock(FlagState expected) {
        this.expected = expected;
    }

    /** The on-disk state that matches this lock state. */
    public FlagState expected() {
        return expected;
    }

    public boolean locked() {
        return this != UNLOCKED;
    }
}
