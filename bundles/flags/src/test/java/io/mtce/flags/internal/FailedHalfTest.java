package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagChange.Kind;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * A change whose one half cannot be done (its directory refuses writes, even root's: chattr +i) changes neither
 * file, throws (so the client does not ack), stays pending, and is completed by the audit once the fault clears.
 */
class FailedHalfTest {
    @TempDir
    Path dir;

    private FlagSettings settings;
    private final RecordingLogger log = new RecordingLogger();
    private final List<FlagChange> changes = new CopyOnWriteArrayList<>();
    private final List<Immutable> immutable = new CopyOnWriteArrayList<>();
    private FlagKeeper keeper;

    @BeforeEach
    void setUp() {
        settings = FlagSettings.in(dir);
        keeper = new FlagKeeper(settings, Syncer.FSYNC, log, changes::add);
        keeper.start();
    }

    @AfterEach
    void release() {
        immutable.forEach(Immutable::close); // or @TempDir cannot clean up
    }

    private void freeze(Path directory) {
        immutable.add(Immutable.directory(directory));
    }

    private void thaw() {
        immutable.forEach(Immutable::close);
    }

    private Path run() {
        return settings.volatilePath().getParent();
    }

    private Path persist() {
        return settings.backupPath().getParent();
    }

    @Test
    void lockWithTheVolatileDirectoryReadOnlyCreatesNeitherFileAndIsCompletedWhenItClears() throws Exception {
        freeze(run());

        FlagFileException e = assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(FlagFileException.Operation.WRITE, e.operation());
        assertEquals(FlagState.BOTH_ABSENT, keeper.state(), "no backup without the volatile file");
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired(), "the lock is pending");
        assertTrue(Files.exists(settings.journalPath()), "pending across a reboot too: the journal completes it");
        assertTrue(keeper.lastError().orElseThrow().startsWith("locked (persist) failed, retried every 5000 ms: "
                + "write failed for " + run()), keeper.lastError().orElseThrow());
        assertEquals(Kind.FAILED, changes.get(changes.size() - 1).kind());

        keeper.correct("audit", true);
        assertEquals(FlagState.BOTH_ABSENT, keeper.state(), "still all or nothing while the fault lasts");

        thaw();
        keeper.correct("audit", true);

        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
        assertFalse(Files.exists(settings.journalPath()));
        assertTrue(keeper.lastError().isEmpty());
        FlagChange done = changes.get(changes.size() - 1);
        assertEquals(Kind.LOCKED, done.kind(), "told as the lock it completes: the client sends an mtcAlive");
        assertTrue(done.detail().contains("completing locked (persist) that failed earlier"), done.detail());
        keeper.lock(true); // the agent's retry now succeeds, and is acked
    }

    @Test
    void unlockWithTheVolatileDirectoryReadOnlyPutsTheBackupBackAndIsCompletedWhenItClears() throws Exception {
        keeper.lock(true);
        freeze(run());

        FlagFileException e = assertThrows(FlagFileException.class, keeper::unlock);

        assertEquals(FlagFileException.Operation.DELETE, e.operation());
        assertEquals(settings.volatilePath().toString(), e.path());
        assertEquals(FlagState.BOTH_PRESENT, keeper.state(), "the backup removed first was put back: still locked");
        assertEquals(DesiredLock.UNLOCKED, keeper.desired());
        assertTrue(log.logged(Level.WARN, settings.backupPath() + " written again: " + settings.volatilePath()
                + " could not be changed, so both files stay as they were"), log.lines().toString());

        thaw();
        keeper.correct("audit", true);

        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertEquals(Kind.UNLOCKED, changes.get(changes.size() - 1).kind());
        assertTrue(keeper.lastError().isEmpty());
    }

    @Test
    void lockWithThePersistDirectoryReadOnlyCreatesNeitherFile() throws Exception {
        freeze(persist());

        assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(FlagState.BOTH_ABSENT, keeper.state(), "no volatile file without the backup");
        thaw();
        keeper.correct("audit", true);
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
    }

    @Test
    void unlockWithThePersistDirectoryReadOnlyRemovesNeitherFile() throws Exception {
        keeper.lock(true);
        freeze(persist());

        assertThrows(FlagFileException.class, keeper::unlock);

        assertEquals(FlagState.BOTH_PRESENT, keeper.state(), "the volatile file stays with the backup");
        thaw();
        keeper.correct("audit", true);
        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
    }

    @Test
    void simplexLockToPersistWithThePersistDirectoryReadOnlyKeepsTheVolatileFile() throws Exception {
        keeper.lock(false);
        freeze(persist());

        assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(FlagState.ONLY_VOLATILE, keeper.state(), "the simplex lock it had, untouched");
        thaw();
        keeper.correct("audit", true);
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
    }

    @Test
    void theServiceCompletesAPendingLockOnItsAuditWithoutAnotherRequest() throws Exception {
        NodeLockFlagsComponent flags = new NodeLockFlagsComponent(FlagSettings.in(dir.resolve("svc"))
                .withAuditPeriod(100), Syncer.FSYNC, true, log);
        try {
            Path svcRun = dir.resolve("svc/run");
            freeze(svcRun);
            assertThrows(FlagFileException.class, () -> flags.lock(true));
            assertEquals(FlagState.BOTH_ABSENT, flags.state());
            assertTrue(flags.lastError().isPresent());

            thaw();

            await(() -> flags.state() == FlagState.BOTH_PRESENT, Duration.ofSeconds(5), "lock completed by the audit");
            await(() -> flags.lastError().isEmpty(), Duration.ofSeconds(5), "error cleared");
        } finally {
            flags.deactivate();
        }
    }
}
