package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static io.mtce.flags.internal.Dirs.assertFlagContent;
import static io.mtce.flags.internal.Dirs.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.Syncer;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Files changed by hand are set right by the file watch within 250 ms; the audit alone stays out of the way. */
class TamperCorrectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long BOUND_MS = 250;

    @TempDir
    Path dir;

    private FlagSettings settings;
    private final RecordingLogger log = new RecordingLogger();
    private NodeLockFlagsComponent flags;

    @BeforeEach
    void setUp() {
        // An hour: only the file watch can correct within the test.
        settings = FlagSettings.in(dir).withAuditPeriod(3_600_000);
        flags = new NodeLockFlagsComponent(settings, Syncer.FSYNC, true, log);
    }

    @AfterEach
    void tearDown() {
        flags.deactivate();
    }

    private void assertCorrectedWithinBound(long startNanos, FlagState expected, String what) {
        long millis = await(() -> flags.state() == expected, TIMEOUT, startNanos, what);
        assertTrue(millis < BOUND_MS, what + " took " + millis + " ms");
        await(() -> log.logged(Level.WARN, "correcting: "), TIMEOUT, "correction logged");
    }

    @Test
    void volatileFileDeletedWhileLockedIsRestored() throws Exception {
        flags.lock(true);

        long start = System.nanoTime();
        Files.delete(settings.volatilePath());

        assertCorrectedWithinBound(start, FlagState.BOTH_PRESENT, "volatile file restored");
        assertFlagContent(settings.volatilePath());
        assertTrue(log.logged(Level.WARN, "correcting: " + settings.volatilePath() + " removed by hand while locked"),
                log.lines().toString());
    }

    @Test
    void backupDeletedWhileLockedIsRestored() throws Exception {
        flags.lock(true);

        long start = System.nanoTime();
        Files.delete(settings.backupPath());

        assertCorrectedWithinBound(start, FlagState.BOTH_PRESENT, "backup restored");
        assertFlagContent(settings.backupPath());
    }

    @Test
    void volatileFileCreatedWhileUnlockedIsRemoved() throws Exception {
        flags.unlock();

        long start = System.nanoTime();
        put(settings.volatilePath(), "by hand\n");

        assertCorrectedWithinBound(start, FlagState.BOTH_ABSENT, "volatile file removed");
        assertTrue(log.logged(Level.WARN, settings.volatilePath() + " created by hand while unlocked"));
    }

    @Test
    void backupCreatedWhileUnlockedIsRemoved() throws Exception {
        // The case the C++ client never catches.
        long start = System.nanoTime();
        put(settings.backupPath());

        assertCorrectedWithinBound(start, FlagState.BOTH_ABSENT, "backup removed");
    }

    @Test
    void backupCreatedWhileSimplexLockedIsRemoved() throws Exception {
        flags.lock(false);

        long start = System.nanoTime();
        put(settings.backupPath());

        assertCorrectedWithinBound(start, FlagState.ONLY_VOLATILE, "backup removed");
        assertTrue(log.logged(Level.WARN, " created by hand while locked without persistence"));
    }

    @Test
    void bothDeletedWhileLockedAreRestored() throws Exception {
        flags.lock(true);

        long start = System.nanoTime();
        Files.delete(settings.volatilePath());
        Files.delete(settings.backupPath());

        assertCorrectedWithinBound(start, FlagState.BOTH_PRESENT, "both restored");
    }

    @Test
    void backupDirectoryMovedAwayIsRestoredByTheAuditAndWatchedAgain() throws Exception {
        flags.deactivate();
        flags = new NodeLockFlagsComponent(settings.withAuditPeriod(100), Syncer.FSYNC, true, log);
        flags.lock(true);
        Path persist = settings.backupPath().getParent();

        // The watch follows the moved inode, so only the audit sees this; it also watches the new directory.
        Files.move(persist, persist.resolveSibling("persist.old"));

        await(() -> flags.state() == FlagState.BOTH_PRESENT, TIMEOUT, "backup restored with its directory");
        Files.delete(settings.backupPath());
        await(() -> Files.exists(settings.backupPath()), TIMEOUT, "backup restored after the audit's re-arm");
        long start = System.nanoTime();
        Files.delete(settings.backupPath());
        long millis = await(() -> Files.exists(settings.backupPath()), TIMEOUT, start, "backup restored again");
        assertTrue(millis < BOUND_MS, "took " + millis + " ms");
    }

    @Test
    void ownWritesAreNotCorrected() throws Exception {
        for (int i = 0; i < 20; i++) {
            flags.lock(true);
            flags.unlock();
        }
        // A tamper after them: the watch handles events in order, so once it is corrected the own writes were seen.
        put(settings.backupPath());
        await(() -> log.logged(Level.WARN, "correcting: " + settings.backupPath() + " created by hand while unlocked"),
                TIMEOUT, "the tamper corrected");
        assertEquals(FlagState.BOTH_ABSENT, flags.state());
        assertEquals(1, log.lines().stream().filter(l -> l.contains("correcting")).count(),
                "only the tamper corrected: " + log.lines());
    }
}
