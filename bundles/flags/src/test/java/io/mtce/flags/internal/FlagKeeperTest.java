package io.mtce.flags.internal;

import static io.mtce.flags.internal.Dirs.assertFlagContent;
import static io.mtce.flags.internal.Dirs.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.DurableFiles;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class FlagKeeperTest {
    @TempDir
    Path dir;

    private FlagSettings settings;
    private final CountingSyncer syncer = new CountingSyncer();
    private final RecordingLogger log = new RecordingLogger();
    private final List<FlagChange> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        settings = FlagSettings.in(dir);
    }

    private FlagKeeper started() {
        FlagKeeper keeper = new FlagKeeper(settings, syncer, log, changes::add);
        keeper.start();
        return keeper;
    }

    @Test
    void lockWithPersistCreatesBothFilesWithTheExactContent() throws Exception {
        FlagKeeper keeper = started();

        keeper.lock(true);

        assertFlagContent(settings.volatilePath());
        assertFlagContent(settings.backupPath());
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired());
        assertTrue(keeper.volatileFilePresent());
        assertFalse(Files.exists(settings.journalPath()), "journal removed once the change is durable");
        assertEquals(0, Dirs.tempFiles(dir));
        assertTrue(log.logged(Level.INFO, "locked (persist): created " + settings.backupPath() + ", created "
                + settings.volatilePath()), log.lines().toString());
    }

    @Test
    void lockWithoutPersistCreatesOnlyTheVolatileFileAndRemovesABackup() throws Exception {
        FlagKeeper keeper = started();
        keeper.lock(true);

        keeper.lock(false);

        assertEquals(FlagState.ONLY_VOLATILE, keeper.state());
        assertEquals(DesiredLock.LOCKED_VOLATILE_ONLY, keeper.desired());
        assertFlagContent(settings.volatilePath());
        assertTrue(log.logged(Level.INFO, "locked (volatile only): removed " + settings.backupPath()));
    }

    @Test
    void simplexLockFromUnlockedNeverCreatesTheBackup() throws Exception {
        FlagKeeper keeper = started();

        keeper.lock(false);

        assertEquals(FlagState.ONLY_VOLATILE, keeper.state());
        assertFalse(Files.exists(settings.backupPath()));
    }

    @Test
    void unlockRemovesBothFiles() throws Exception {
        FlagKeeper keeper = started();
        keeper.lock(true);

        keeper.unlock();

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
        assertFalse(keeper.volatileFilePresent());
        assertTrue(log.logged(Level.INFO, "unlocked: removed " + settings.backupPath() + ", removed "
                + settings.volatilePath()), log.lines().toString());
    }

    @Test
    void repeatedLockChangesNothingAndLogsNothing() throws Exception {
        FlagKeeper keeper = started();
        keeper.lock(true);
        int lines = log.lines().size();
        syncer.reset();

        keeper.lock(true);

        assertEquals(lines, log.lines().size());
        assertTrue(syncer.files().isEmpty() && syncer.directories().isEmpty(), "no write for a refresh");
    }

    @Test
    void stateReportsAllFourCombinations() {
        FlagKeeper keeper = started();
        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        put(settings.volatilePath());
        assertEquals(FlagState.ONLY_VOLATILE, keeper.state());
        put(settings.backupPath());
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        settings.volatilePath().toFile().delete();
        assertEquals(FlagState.ONLY_BACKUP, keeper.state());
    }

    @Test
    void createAndRemoveFsyncTheFileAndItsDirectory() throws Exception {
        FlagKeeper keeper = started();
        syncer.reset();

        keeper.lock(true);

        Path run = settings.volatilePath().getParent();
        Path persist = settings.backupPath().getParent();
        assertEquals(List.of(DurableFiles.tempOf(settings.journalPath()), DurableFiles.tempOf(settings.backupPath()),
                DurableFiles.tempOf(settings.volatilePath())), syncer.files(), "each file fsynced before its rename");
        // journal created, then both files created, the backup first; the journal's removal is not fsynced
        assertEquals(List.of(persist, persist, run), syncer.directories());

        syncer.reset();
        keeper.unlock();

        assertEquals(List.of(DurableFiles.tempOf(settings.journalPath())), syncer.files());
        // journal created, then both files removed
        assertEquals(List.of(persist, persist, run), syncer.directories());
    }

    @Test
    void failingFileFsyncFailsTheLockAndIsReportedNotTrusted() throws Exception {
        FlagKeeper keeper = started();
        Path backupTemp = DurableFiles.tempOf(settings.backupPath());
        syncer.failWhen(backupTemp::equals);

        FlagFileException e = assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(FlagFileException.Operation.SYNC_FILE, e.operation());
        assertEquals(backupTemp.toString(), e.path());
        assertEquals(FlagState.BOTH_ABSENT, keeper.state(), "all or nothing: neither file put in place");
        assertFalse(Files.exists(backupTemp), "temp file removed");
        assertTrue(keeper.lastError().orElseThrow().contains("fsync file failed for " + backupTemp));
        assertTrue(log.logged(Level.ERROR, "locked (persist) failed, retried every 5000 ms: fsync file failed for "
                + backupTemp),
                log.lines().toString());
        assertTrue(changes.stream().anyMatch(c -> c.kind() == FlagChange.Kind.FAILED));

        syncer.heal();
        keeper.lock(true);

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertTrue(keeper.lastError().isEmpty());
        assertTrue(log.logged(Level.INFO, "recovered from earlier failure"));
    }

    @Test
    void failingDirectoryFsyncAfterRenameMakesTheNextChangeRewriteTheFile() throws Exception {
        FlagKeeper keeper = started();
        Path persist = settings.backupPath().getParent();
        // Fail only the directory fsync that follows the backup's rename (the journal's went before).
        syncer.failWhen(path -> path.equals(persist) && Files.exists(settings.backupPath()));

        FlagFileException e = assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(FlagFileException.Operation.SYNC_DIRECTORY, e.operation());
        assertEquals(persist.toString(), e.path());
        assertEquals(FlagState.BOTH_PRESENT, keeper.state(), "renamed, but not known to be durable");
        assertTrue(keeper.lastError().isPresent());

        syncer.heal();
        syncer.reset();
        keeper.lock(true);

        assertTrue(syncer.files().contains(DurableFiles.tempOf(settings.backupPath())),
                "the suspect backup is written again, not trusted");
        assertTrue(keeper.lastError().isEmpty());
    }

    @Test
    void fileEventsDoNotRetryAFailureButTheAuditDoes() throws Exception {
        FlagKeeper keeper = started();
        syncer.failWhen(DurableFiles.tempOf(settings.backupPath())::equals);
        assertThrows(FlagFileException.class, () -> keeper.lock(true));
        syncer.reset();

        keeper.correct("watch", false);
        assertTrue(syncer.files().isEmpty(), "no retry from a file event after a failure");

        keeper.correct("audit", true);
        assertEquals(List.of(DurableFiles.tempOf(settings.backupPath()), DurableFiles.tempOf(settings.volatilePath())),
                syncer.files(), "the audit retries the whole lock");
        assertEquals(2, log.count(Level.ERROR), "each failure logged once: " + log.lines());

        syncer.heal();
        keeper.correct("audit", true);
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertTrue(keeper.lastError().isEmpty());
    }

    @Test
    void failingJournalWriteLeavesTheFilesUnchangedAndTheLockPending() {
        FlagKeeper keeper = started();
        syncer.failWhen(DurableFiles.tempOf(settings.journalPath())::equals);

        FlagFileException e = assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(DurableFiles.tempOf(settings.journalPath()).toString(), e.path());
        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired(), "the request, pending");

        syncer.heal();
        keeper.correct("audit", true);
        assertEquals(FlagState.BOTH_PRESENT, keeper.state(), "completed by the audit once the fault cleared");
        assertTrue(keeper.lastError().isEmpty());
    }

    @Test
    void changesAreToldToTheSink() throws Exception {
        FlagKeeper keeper = started();

        keeper.lock(true);
        keeper.unlock();

        assertEquals(List.of(FlagChange.Kind.LOCKED, FlagChange.Kind.UNLOCKED),
                changes.stream().map(FlagChange::kind).toList());
        assertEquals(FlagState.BOTH_PRESENT, changes.get(0).state());
        assertEquals(DesiredLock.UNLOCKED, changes.get(1).desired());
    }

    @Test
    void closedKeeperRefusesChanges() {
        FlagKeeper keeper = started();
        keeper.close();

        assertThrows(IllegalStateException.class, () -> keeper.lock(true));
    }
}
