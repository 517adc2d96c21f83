package io.mtce.flags.internal;

import io.mtce.durable.DurableBatch;
import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagChange.Kind;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Holds the two flag files to the desired lock state. Every change that touches a file is recorded in the journal
 * first and the journal is removed once the files are durable, so a crash at any point leaves either the old
 * files or a journal from which startup completes the change. The files change together ({@link DurableBatch}):
 * both temp files fsynced, both renamed or removed, then each directory fsynced once. The change is all or nothing:
 * nothing is renamed unless both temp files were written, the backup changes before the volatile file (which the
 * host watchdog and mtcAlive read), and a backup changed before the volatile file failed is put back, so the two
 * files never disagree because of a failure. A failed change stays pending: the desired state is the request, and
 * the audit retries it until it succeeds. Changes and corrections are serialized on this object's monitor. A failed
 * step leaves its file "suspect": it is rewritten (or its directory fsynced again) on the next change or audit,
 * never assumed durable; until then corrections triggered by file events hold off, so a failing disk cannot make
 * the keeper fight its own writes. Anything at a flag file's name that is not a regular file (a symbolic link, a
 * directory) counts as "no file", is reported as tampering and replaced ({@link PlantedEntries}); every write first
 * checks where its directory really leads ({@link AllowedRoots#checkReal}).
 */
final class FlagKeeper {
    private static final byte[] CONTENT = NodeLockFlags.CONTENT.getBytes(StandardCharsets.US_ASCII);

    private final FlagSettings settings;
    private final DurableFiles files;
    private final Journal journal;
    private final Logger log;
    private final Consumer<FlagChange> sink;

    // Guarded by this.
    private final Set<Path> suspect = new HashSet<>();
    private DesiredLock journaled;
    private boolean journalPresent;
    private boolean holdOff;
    private boolean closed;
    /** The request that failed and is not done yet (retried by the audit), or null. */
    private Kind pendingKind;
    private String pendingLabel;

    private volatile DesiredLock desired = DesiredLock.UNLOCKED;
    private volatile String lastError;

    FlagKeeper(FlagSettings settings, Syncer syncer, Logger log, Consumer<FlagChange> sink) {
        this.settings = settings;
        this.files = new DurableFiles(syncer, settings.roots());
        this.journal = new Journal(settings.journalPath(), files);
        this.log = log;
        this.sink = sink;
    }

    /**
     * Creates missing directories, then reconciles the files as the spec's client start does.
     *
     * @throws IllegalStateException when a directory cannot be created or is not writable
     */
    synchronized void start() {
        prepareDirectory(FlagSettings.VOLATILE_KEY, settings.volatilePath());
        prepareDirectory(FlagSettings.BACKUP_KEY, settings.backupPath());
        prepareDirectory(FlagSettings.JOURNAL_KEY, settings.journalPath());

        Reconciler.Decision decision = new Reconciler(settings, files, journal, log, this::recordFailure).decide();
        journalPresent = decision.journalPresent();
        journaled = decision.recorded();
        if (decision.interrupted()) {
            suspect.add(settings.volatilePath());
            suspect.add(settings.backupPath());
        }
        desired = decision.target();
        try {
            List<String> actions = converge(decision.target());
            if (actions.isEmpty()) {
                log.info("startup: {}", decision.reason());
            } else {
                String line = "startup: " + decision.reason() + " ; " + join(actions);
                log.info(line);
                publish(Kind.RECONCILED, line);
            }
        } catch (DurableFileException e) {
            failed("startup: " + decision.reason(), e);
        }
    }

    synchronized void lock(boolean persist) throws FlagFileException {
        change(persist ? DesiredLock.LOCKED_PERSIST : DesiredLock.LOCKED_VOLATILE_ONLY, Kind.LOCKED,
                persist ? "locked (persist)" : "locked (volatile only)");
    }

    synchronized void unlock() throws FlagFileException {
        change(DesiredLock.UNLOCKED, Kind.UNLOCKED, "unlocked");
    }

    /**
     * Sets the files right when they differ from the desired state. {@code scheduled} (the audit) also retries
     * after a failure; a file-event trigger does not, so that it cannot loop on a failing disk.
     */
    synchronized void correct(String trigger, boolean scheduled) {
        if (closed || (holdOff && !scheduled)) {
            return;
        }
        DesiredLock target = desired;
        boolean volatilePresent = PlantedEntries.present(settings.volatilePath());
        boolean backupPresent = PlantedEntries.present(settings.backupPath());
        List<String> found = new ArrayList<>(escapes());
        for (Path dir : directories()) {
            if (!Files.isDirectory(dir)) {
                found.add("directory " + dir + " removed");
            }
        }
        Kind kind = Kind.CORRECTED;
        if (selfUnlock(target, volatilePresent, backupPresent)) {
            target = DesiredLock.UNLOCKED; // followed, not fought: the volatile file goes too
            found.add(settings.backupPath() + " removed by another process while locked ; taken as an unlock (the"
                    + " agent's self-unlock removes it)");
        } else {
            found.addAll(plantedEntries());
            FlagState expected = target.expected();
            if (pendingKind != null) {
                kind = pendingKind;
                found.add("completing " + pendingLabel + " that failed earlier");
            } else {
                if (volatilePresent != expected.volatilePresent()) {
                    found.add(describe(settings.volatilePath(), volatilePresent, target));
                }
                if (backupPresent != expected.backupPresent()) {
                    found.add(describe(settings.backupPath(), backupPresent, target));
                }
            }
        }
        if (found.isEmpty()) {
            if (!scheduled || (suspect.isEmpty() && !journalPresent)) {
                return;
            }
            found.add("retrying after earlier failure");
        }
        String what = String.join("; ", found);
        try {
            List<String> actions = converge(target);
            succeeded();
            String line = "correcting: " + what + " ; " + (actions.isEmpty() ? "nothing left to do" : join(actions))
                    + " (" + trigger + ")";
            log.warn(line);
            publish(kind, line);
        } catch (DurableFileException e) {
            failed("correcting: " + what + " (" + trigger + ")", e);
        }
    }

    /**
     * The C++ agent's self-unlock as the files show it: locked with persistence, the backup gone (not by a failed
     * write of ours) and the volatile file still there.
     */
    private boolean selfUnlock(DesiredLock target, boolean volatilePresent, boolean backupPresent) {
        return settings.followBackupRemoval() && target == DesiredLock.LOCKED_PERSIST && volatilePresent
                && !backupPresent && !suspect.contains(settings.backupPath())
                && PlantedEntries.describe(settings.backupPath()) == null;
    }

    FlagState state() {
        return FlagState.of(PlantedEntries.present(settings.volatilePath()),
                PlantedEntries.present(settings.backupPath()));
    }

    /** Entries at the flag paths that are not regular files, and directories that lead outside the roots. */
    List<String> anomalies() {
        List<String> found = new ArrayList<>(escapes());
        found.addAll(plantedEntries());
        return found;
    }

    /** What is at a flag file's name that is not a regular file, one line each. */
    private List<String> plantedEntries() {
        List<String> found = new ArrayList<>(2);
        for (Path path : List.of(settings.volatilePath(), settings.backupPath())) {
            String planted = PlantedEntries.describe(path);
            if (planted != null) {
                found.add(planted);
            }
        }
        return found;
    }

    DesiredLock desired() {
        return desired;
    }

    boolean volatileFilePresent() {
        return PlantedEntries.present(settings.volatilePath());
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Runs {@code task} once no change or correction holds the files: the health service's ping. */
    synchronized void whenIdle(Runnable task) {
        task.run();
    }

    synchronized void close() {
        closed = true;
    }

    private void change(DesiredLock target, Kind kind, String label) throws FlagFileException {
        if (closed) {
            throw new IllegalStateException("the node-locked flag files service is deactivated");
        }
        holdOff = false;
        try {
            List<String> actions = converge(target);
            succeeded();
            if (!actions.isEmpty()) {
                String line = label + ": " + join(actions);
                log.info(line);
                publish(kind, line);
            }
        } catch (DurableFileException e) {
            desired = target; // pending: the audit completes it once the fault clears
            pendingKind = kind;
            pendingLabel = label;
            failed(label + " failed, retried every " + settings.auditPeriodMs() + " ms", e);
            throw asFlagFileException(e);
        }
    }

    /**
     * Journal, then both files in one all-or-nothing batch (one fsync per directory), then clear the journal. Sets
     * {@link #desired} once the journal is durable. Refuses a directory that leads outside the roots even when no
     * file needs changing: files there are not ours to count as locked.
     */
    private List<String> converge(DesiredLock target) throws DurableFileException {
        Path volatilePath = settings.volatilePath();
        Path backupPath = settings.backupPath();
        files.ensureDirectory(volatilePath.getParent()); // checked, and re-created when removed (rm -rf)
        files.ensureDirectory(backupPath.getParent());
        boolean volatilePresent = PlantedEntries.present(volatilePath);
        boolean backupPresent = PlantedEntries.present(backupPath);
        FlagState expected = target.expected();
        boolean fixVolatile = volatilePresent != expected.volatilePresent() || suspect.contains(volatilePath)
                || PlantedEntries.describe(volatilePath) != null;
        boolean fixBackup = backupPresent != expected.backupPresent() || suspect.contains(backupPath)
                || PlantedEntries.describe(backupPath) != null;

        if ((fixVolatile || fixBackup) && journaled != target) {
            journalPresent = true; // possibly, even when the write below fails
            journaled = null;
            journal.record(target);
            journaled = target;
        }
        desired = target;
        List<String> actions = new ArrayList<>(2);
        DurableBatch batch = new DurableBatch(files).allOrNothing();
        // The backup first: the volatile file, which the host watchdog and mtcAlive read, changes only after it.
        if (fixBackup) {
            plan(batch, backupPath, expected.backupPresent(), backupPresent, actions);
        }
        if (fixVolatile) {
            plan(batch, volatilePath, expected.volatilePresent(), volatilePresent, actions);
        }
        try {
            commit(batch);
        } catch (DurableFileException e) {
            if (fixVolatile && batch.applied().contains(backupPath) && !batch.applied().contains(volatilePath)) {
                undoBackup(backupPresent, e);
            }
            throw e;
        }
        if (journalPresent) {
            journal.clear();
            journalPresent = false;
            journaled = null;
        }
        pendingKind = null;
        pendingLabel = null;
        return actions;
    }

    /**
     * The backup changed but the volatile file could not: the backup is put back as it was, so that the files agree
     * (on the old state) while the change is pending. A failed undo is added to {@code failure}.
     */
    private void undoBackup(boolean wasPresent, DurableFileException failure) {
        Path backupPath = settings.backupPath();
        try {
            if (wasPresent) {
                files.write(backupPath, CONTENT);
            } else {
                files.delete(backupPath);
            }
            suspect.remove(backupPath);
            log.warn("{} {} again: {} could not be changed, so both files stay as they were", backupPath,
                    wasPresent ? "written" : "removed", settings.volatilePath());
        } catch (DurableFileException undo) {
            suspect.add(backupPath);
            failure.addSuppressed(undo);
            log.error("{} could not be put back as it was either: {}", backupPath, undo.getMessage());
        }
    }

    private Set<Path> directories() {
        return new LinkedHashSet<>(List.of(settings.volatilePath().getParent(), settings.backupPath().getParent()));
    }

    /** Where a flag file's directory leads outside the roots, one line each. */
    private List<String> escapes() {
        List<String> found = new ArrayList<>(2);
        for (Path dir : directories()) {
            try {
                files.checkDirectory(dir);
            } catch (DurableFileException e) {
                found.add(e.getCause().getMessage());
            }
        }
        return found;
    }

    /** Queues the change of one file; whatever is planted at its name (a link, a directory) is removed first, alone. */
    private void plan(DurableBatch batch, Path path, boolean wanted, boolean present, List<String> actions)
            throws DurableFileException {
        boolean planted;
        try {
            planted = PlantedEntries.remove(path, files, log);
        } catch (DurableFileException e) {
            suspect.add(path);
            throw e;
        }
        if (planted) {
            actions.add("removed what was planted at " + path);
        }
        if (wanted) {
            batch.write(path, CONTENT);
            actions.add((present ? "rewrote " : "created ") + path);
        } else if (present || !planted) {
            batch.delete(path); // also fsyncs the directory of a file already absent
            actions.add((present ? "removed " : "fsynced directory of absent ") + path);
        } else {
            suspect.remove(path); // the removal of what was planted was durable, and no file is wanted there
            return;
        }
        suspect.add(path); // until the batch says it is durable
    }

    private void commit(DurableBatch batch) throws DurableFileException {
        try {
            batch.commit();
        } finally {
            suspect.removeAll(batch.durable());
        }
    }

    private void prepareDirectory(String key, Path file) {
        Path dir = file.getParent();
        try {
            files.ensureDirectory(dir);
        } catch (DurableFileException e) {
            if (e.operation() == DurableFileException.Operation.CHECK_DIRECTORY) {
                throw new IllegalStateException(key + ": " + e.getCause().getMessage(), e);
            }
            throw new IllegalStateException(key + ": cannot create directory " + dir + " (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException(key + ": directory " + dir + " is not writable");
        }
    }

    private void succeeded() {
        holdOff = false;
        if (lastError != null) {
            log.info("recovered from earlier failure: {}", lastError);
            lastError = null;
        }
    }

    private void failed(String context, DurableFileException e) {
        String line = context + ": " + e.getMessage();
        log.error(line);
        recordFailure(line);
    }

    private void recordFailure(DurableFileException e) {
        recordFailure(e.getMessage());
    }

    private void recordFailure(String line) {
        lastError = line;
        holdOff = true;
        publish(Kind.FAILED, line);
    }

    private void publish(Kind kind, String detail) {
        sink.accept(new FlagChange(kind, desired, state(), detail));
    }

    /** The API's exception for a failed change: same operation, path, message, cause and suppressed failures. */
    static FlagFileException asFlagFileException(DurableFileException e) {
        FlagFileException.Operation operation = FlagFileException.Operation.valueOf(e.operation().name());
        FlagFileException reported = new FlagFileException(operation, e.path(), e.getCause());
        for (Throwable suppressed : e.getSuppressed()) {
            reported.addSuppressed(suppressed);
        }
        return reported;
    }

    private static String describe(Path path, boolean present, DesiredLock target) {
        String state = switch (target) {
            case LOCKED_PERSIST -> "locked";
            case LOCKED_VOLATILE_ONLY -> "locked without persistence";
            case UNLOCKED -> "unlocked";
        };
        return path + (present ? " created by hand while " : " removed by hand while ") + state;
    }

    private static String join(List<String> actions) {
        return String.join(", ", actions);
    }
}
