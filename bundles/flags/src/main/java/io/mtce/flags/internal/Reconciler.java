package io.mtce.flags.internal;

import static io.mtce.flags.DesiredLock.LOCKED_PERSIST;
import static io.mtce.flags.DesiredLock.LOCKED_VOLATILE_ONLY;
import static io.mtce.flags.DesiredLock.UNLOCKED;

import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import io.mtce.flags.DesiredLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Startup reconciliation (spec 3.5 steps 3-4, plus the change journal): removes leftovers and decides the lock
 * state to start in. Without a journal the backup is the source of truth; with one, the interrupted change is
 * completed. Changes no flag file itself: the caller converges toward the decision.
 */
final class Reconciler {

    /**
     * @param target the state to converge to and hold
     * @param recorded the target of the interrupted change found in the journal, or null when there is none
     * @param journalPresent a journal file exists (valid or not) and must be removed once the files match
     * @param reason one line for the log
     */
    record Decision(DesiredLock target, DesiredLock recorded, boolean journalPresent, String reason) {

        /** A change was in progress: rewrite and resync both files, trust neither. */
        boolean interrupted() {
            return recorded != null;
        }
    }

    private final FlagSettings settings;
    private final DurableFiles files;
    private final Journal journal;
    private final Logger log;
    private final Consumer<DurableFileException> onFailure;

    Reconciler(FlagSettings settings, DurableFiles files, Journal journal, Logger log,
            Consumer<DurableFileException> onFailure) {
        this.settings = settings;
        this.files = files;
        this.journal = journal;
        this.log = log;
        this.onFailure = onFailure;
    }

    Decision decide() {
        removePlanted();
        DurableFiles.deleteQuietly(DurableFiles.tempOf(settings.volatilePath()));
        DurableFiles.deleteQuietly(DurableFiles.tempOf(settings.backupPath()));
        DurableFiles.deleteQuietly(DurableFiles.tempOf(journal.path()));
        removeObsolete();

        boolean journalPresent = Files.exists(journal.path(), LinkOption.NOFOLLOW_LINKS);
        Optional<DesiredLock> recorded = readJournal();
        Path volatilePath = settings.volatilePath();
        Path backupPath = settings.backupPath();
        boolean volatilePresent = PlantedEntries.present(volatilePath);
        boolean backupPresent = PlantedEntries.present(backupPath);

        if (recorded.isPresent()) {
            DesiredLock target = recorded.get();
            if (target == LOCKED_VOLATILE_ONLY && !volatilePresent) {
                // Simplex: the volatile flag is lost over reboot by design; the agent locks again.
                return new Decision(UNLOCKED, target, true, "interrupted change to " + target + " and " + volatilePath
                        + " is gone (lost over reboot in simplex): unlocked until the agent locks again");
            }
            return new Decision(target, target, true, "completing interrupted change to " + target
                    + " recorded in " + journal.path());
        }
        if (backupPresent && !volatilePresent) {
            return new Decision(LOCKED_PERSIST, null, journalPresent,
                    "restoring " + volatilePath + " from " + backupPath + " backup");
        }
        if (backupPresent) {
            return new Decision(LOCKED_PERSIST, null, journalPresent, "locked node: both flag files present");
        }
        if (volatilePresent) {
            return new Decision(UNLOCKED, null, journalPresent,
                    "removing " + volatilePath + ": no backup " + backupPath + " and no interrupted change");
        }
        return new Decision(UNLOCKED, null, journalPresent, "unlocked node: no flag files");
    }

    private Optional<DesiredLock> readJournal() {
        try {
            return journal.read();
        } catch (IllegalStateException e) {
            log.warn("ignoring change journal: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A link (or a directory, a FIFO) at a flag file or the journal is never followed: removed before anything is
     * decided from them.
     */
    private void removePlanted() {
        for (Path path : List.of(settings.volatilePath(), settings.backupPath(), journal.path())) {
            try {
                PlantedEntries.remove(path, files, log);
            } catch (DurableFileException e) {
                log.error("cannot remove what is planted at {}: {}", path, e.getMessage());
                onFailure.accept(e);
            }
        }
    }

    private void removeObsolete() {
        Path obsolete = settings.obsoletePath();
        if (!settings.removesObsolete() || !Files.exists(obsolete, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            files.delete(obsolete);
            log.info("removing obsoleted {} file", obsolete);
        } catch (DurableFileException e) {
            log.error("removing obsoleted {} file failed: {}", obsolete, e.getMessage());
            onFailure.accept(e);
        }
    }
}
