package io.mtce.flags.internal;

import static io.mtce.flags.internal.Dirs.assertFlagContent;
import static io.mtce.flags.internal.Dirs.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class StartupReconciliationTest {
    @TempDir
    Path dir;

    private FlagSettings settings;
    private Path volatilePath;
    private Path backupPath;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void setUp() {
        settings = FlagSettings.in(dir);
        volatilePath = settings.volatilePath();
        backupPath = settings.backupPath();
    }

    private FlagKeeper start() {
        FlagKeeper keeper = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });
        keeper.start();
        return keeper;
    }

    private void journal(String content) {
        put(settings.journalPath(), content);
    }

    @Test
    void backupOnlyRestoresTheVolatileFile() {
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired());
        assertFlagContent(volatilePath);
        assertTrue(log.logged(Level.INFO, "restoring " + volatilePath + " from " + backupPath + " backup"),
                log.lines().toString());
    }

    @Test
    void volatileOnlyWithoutJournalIsRemoved() {
        put(volatilePath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
        assertTrue(log.logged(Level.INFO, "removing " + volatilePath + ": no backup"));
    }

    @Test
    void bothPresentStaysLocked() {
        put(volatilePath);
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired());
    }

    @Test
    void noFilesStaysUnlocked() {
        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
        assertTrue(Files.isDirectory(volatilePath.getParent()), "missing directories created");
        assertTrue(Files.isDirectory(backupPath.getParent()));
    }

    @Test
    void obsoleteBackupIsRemoved() {
        put(settings.obsoletePath());

        start();

        assertFalse(Files.exists(settings.obsoletePath()));
        assertTrue(log.logged(Level.INFO, "removing obsoleted " + settings.obsoletePath() + " file"));
    }

    @Test
    void obsoletePathEqualToTheBackupIsNotRemoved() {
        settings = new FlagSettings(volatilePath, backupPath, backupPath, settings.journalPath(), 5000);
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
    }

    @Test
    void journalCompletesAnInterruptedLock() {
        // Died after the volatile file, before the backup: without the journal the volatile file would be removed.
        journal("LOCKED_PERSIST\n");
        put(volatilePath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired());
        assertFlagContent(backupPath);
        assertFalse(Files.exists(settings.journalPath()));
        assertTrue(log.logged(Level.INFO, "completing interrupted change to LOCKED_PERSIST"), log.lines().toString());
    }

    @Test
    void journalCompletesAnInterruptedUnlock() {
        // Died after removing the volatile file, before the backup: without the journal it would be restored.
        journal("UNLOCKED\n");
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
        assertFalse(Files.exists(settings.journalPath()));
    }

    @Test
    void journalOfACompletedLockWhoseRemovalWasLostReplaysToTheSameFiles() {
        // The journal's removal is not fsynced: after a power loss it can be back next to files already changed.
        journal("LOCKED_PERSIST\n");
        put(volatilePath);
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired());
        assertFlagContent(volatilePath);
        assertFlagContent(backupPath);
        assertFalse(Files.exists(settings.journalPath()));
        assertTrue(keeper.lastError().isEmpty());
    }

    @Test
    void journalOfACompletedUnlockWhoseRemovalWasLostReplaysToTheSameFiles() {
        journal("UNLOCKED\n");

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
        assertFalse(Files.exists(settings.journalPath()));
        assertTrue(keeper.lastError().isEmpty());
    }

    @Test
    void journalCompletesAnInterruptedSimplexLockKeepingTheVolatileFile() {
        journal("LOCKED_VOLATILE_ONLY\n");
        put(volatilePath);
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.ONLY_VOLATILE, keeper.state());
        assertEquals(DesiredLock.LOCKED_VOLATILE_ONLY, keeper.desired());
    }

    @Test
    void interruptedSimplexLockDoesNotRecreateAVolatileFileLostOverReboot() {
        journal("LOCKED_VOLATILE_ONLY\n");
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
    }

    @Test
    void unreadableJournalIsIgnoredAndRemoved() {
        journal("garbage\n");
        put(backupPath);

        FlagKeeper keeper = start();

        assertEquals(FlagState.BOTH_PRESENT, keeper.state(), "the spec's rule: the backup restores the volatile file");
        assertFalse(Files.exists(settings.journalPath()));
        assertTrue(log.logged(Level.WARN, "ignoring change journal"));
    }

    @Test
    void leftoverTempFilesAreRemoved() {
        put(DurableFiles.tempOf(volatilePath), "partial");
        put(DurableFiles.tempOf(backupPath), "");
        put(DurableFiles.tempOf(settings.journalPath()), "LOCK");

        start();

        assertEquals(0, Dirs.tempFiles(dir));
    }

    @Test
    void directoryThatCannotBeCreatedFailsStartNamingTheKey() {
        put(dir.resolve("blocker"), "a file where a directory should be");
        settings = new FlagSettings(volatilePath, dir.resolve("blocker/mtc/.node_locked"), settings.obsoletePath(),
                settings.journalPath(), 5000);

        IllegalStateException e = assertThrows(IllegalStateException.class, this::start);

        assertTrue(e.getMessage().startsWith("backup.path: cannot create directory " + dir.resolve("blocker/mtc")),
                e.getMessage());
    }
}
