package io.mtce.flags;

/** Which of the two flag files are on disk. */
public enum FlagState {
    /** Volatile file and backup both present: locked. */
    BOTH_PRESENT(true, true),
    /** Neither file present: unlocked. */
    BOTH_ABSENT(false, false),
    /** Only the volatile file: a simplex lock, or a removed backup. */
    ONLY_VOLATILE(true, false),
    /** Only the backup: a removed volatile file (restored at start), or a backup created on an unlocked node. */
    ONLY_BACKUP(false, true);

    private final boolean volatilePresent;
    private final boolean backupPresent;

    FlagState(boolean volatilePresent, boolean backupPresent) {
        this.volatilePresent = volatilePresent;
        this.backupPresent = backupPresent;
    }

    public static FlagState of(boolean volatilePresent, boolean backupPresent) {
        if (volatilePresent) {
            return backupPresent ? BOTH_PRESENT : ONLY_VOLATILE;
        }
        return backupPresent ? ONLY_BACKUP : BOTH_ABSENT;
    }

    public boolean volatilePresent() {
        return volatilePresent;
    }

    public boolean backupPresent() {
        return backupPresent;
    }
}
