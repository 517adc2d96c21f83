package io.mtce.flags.internal;

import io.mtce.durable.FilePaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Validated configuration. Error messages name the configuration key.
 *
 * @param followBackupRemoval whether a backup removed by another process while locked (volatile file kept) is taken
 *                            as an unlock rather than restored: the C++ agent removes it itself on the controller it
 *                            runs on, just before that controller's unlock reboot
 * @param roots               where the files may be written, checked again at every write
 */
record FlagSettings(Path volatilePath, Path backupPath, Path obsoletePath, Path journalPath, long auditPeriodMs,
        boolean followBackupRemoval, AllowedRoots roots) {

    static final String VOLATILE_KEY = "volatile.path";
    static final String BACKUP_KEY = "backup.path";
    static final String OBSOLETE_KEY = "obsolete.path";
    static final String JOURNAL_KEY = "journal.path";
    static final String AUDIT_KEY = "audit.period.ms";
    static final String BACKUP_REMOVED_KEY = "backup.removed";

    FlagSettings {
        Objects.requireNonNull(volatilePath, VOLATILE_KEY);
        Objects.requireNonNull(backupPath, BACKUP_KEY);
        Objects.requireNonNull(obsoletePath, OBSOLETE_KEY);
        Objects.requireNonNull(journalPath, JOURNAL_KEY);
        Objects.requireNonNull(roots, AllowedRoots.KEY);
        if (auditPeriodMs <= 0) {
            throw new IllegalArgumentException(AUDIT_KEY + " must be greater than 0, got " + auditPeriodMs);
        }
        distinct(VOLATILE_KEY, volatilePath, BACKUP_KEY, backupPath);
        distinct(JOURNAL_KEY, journalPath, VOLATILE_KEY, volatilePath);
        distinct(JOURNAL_KEY, journalPath, BACKUP_KEY, backupPath);
        distinct(OBSOLETE_KEY, obsoletePath, VOLATILE_KEY, volatilePath);
        distinct(OBSOLETE_KEY, obsoletePath, JOURNAL_KEY, journalPath);
    }

    /** Tests and tools: roots that allow the four files' directories. */
    FlagSettings(Path volatilePath, Path backupPath, Path obsoletePath, Path journalPath, long auditPeriodMs) {
        this(volatilePath, backupPath, obsoletePath, journalPath, auditPeriodMs, false,
                AllowedRoots.of(List.of(volatilePath.getParent(), backupPath.getParent(), obsoletePath.getParent(),
                        journalPath.getParent())));
    }

    /**
     * Validates a configuration: every path absolute and, after normalization, under one of allowed.roots.
     *
     * @throws IllegalArgumentException naming the key of the first invalid value
     */
    static FlagSettings from(FlagFilesConfig config) {
        AllowedRoots roots = AllowedRoots.parse(config.allowed_roots());
        return new FlagSettings(path(VOLATILE_KEY, config.volatile_path(), roots),
                path(BACKUP_KEY, config.backup_path(), roots), path(OBSOLETE_KEY, config.obsolete_path(), roots),
                path(JOURNAL_KEY, config.journal_path(), roots), config.audit_period_ms(),
                followBackupRemoval(config.backup_removed()), roots);
    }

    /** Tests and tools: every file in {@code dir}, the only allowed root; audit period 5 s. */
    static FlagSettings in(Path dir) {
        return new FlagSettings(dir.resolve("run/.node_locked"), dir.resolve("persist/.node_locked"),
                dir.resolve("etc/.node_locked"), dir.resolve("persist/.node_locked.intent"), 5000L, false,
                AllowedRoots.of(List.of(dir)));
    }

    FlagSettings withAuditPeriod(long periodMs) {
        return new FlagSettings(volatilePath, backupPath, obsoletePath, journalPath, periodMs, followBackupRemoval,
                roots);
    }

    FlagSettings followingBackupRemoval(boolean follow) {
        return new FlagSettings(volatilePath, backupPath, obsoletePath, journalPath, auditPeriodMs, follow, roots);
    }

    FlagSettings withRoots(AllowedRoots allowed) {
        return new FlagSettings(volatilePath, backupPath, obsoletePath, journalPath, auditPeriodMs,
                followBackupRemoval, allowed);
    }

    private static boolean followBackupRemoval(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "restore", "" -> false;
            case "unlock" -> true;
            default -> throw new IllegalArgumentException(BACKUP_REMOVED_KEY + " must be restore or unlock, got '"
                    + value + "'");
        };
    }

    /** The spec removes the obsolete file only when it is not the backup itself. */
    boolean removesObsolete() {
        return !obsoletePath.equals(backupPath);
    }

    private static Path path(String key, String value, AllowedRoots roots) {
        Path path = FilePaths.absoluteFile(key, value);
        roots.check(key, path);
        return path;
    }

    private static void distinct(String key, Path path, String otherKey, Path other) {
        if (path.equals(other)) {
            throw new IllegalArgumentException(key + " must differ from " + otherKey + ", both are " + path);
        }
    }
}
