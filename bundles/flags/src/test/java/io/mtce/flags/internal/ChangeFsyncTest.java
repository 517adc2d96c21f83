package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.NOPLogger;

/**
 * How many fsyncs a lock and an unlock make, and their order: the journal is durable before either flag file
 * changes, and both flag files are durable before the journal is removed. Each fsync is recorded with what was on
 * disk at that moment (a file changed by a rename or unlink shows at the next fsync).
 */
class ChangeFsyncTest {
    @TempDir
    Path dir;

    /** One fsync: its path, and the flag files and journal as they were when it was called. */
    private record Step(Path path, FlagState flags, String journal) {
    }

    /** Really fsyncs, and records each call as a {@link Step}. */
    private static final class TracingSyncer implements Syncer {
        private final FlagSettings settings;
        private final List<Step> steps = new ArrayList<>();

        TracingSyncer(FlagSettings settings) {
            this.settings = settings;
        }

        @Override
        public void sync(FileChannel channel, Path path) throws IOException {
            String journal = Files.exists(settings.journalPath()) ? Files.readString(settings.journalPath()).strip()
                    : null;
            steps.add(new Step(path, FlagState.of(Files.exists(settings.volatilePath()),
                    Files.exists(settings.backupPath())), journal));
            channel.force(true);
        }

        List<Step> steps() {
            List<Step> taken = List.copyOf(steps);
            steps.clear();
            return taken;
        }
    }

    @Test
    void lockMakesSixFsyncsAndUnlockFour() throws Exception {
        FlagSettings settings = FlagSettings.in(dir); // volatile in run/, backup and journal in persist/
        TracingSyncer syncer = new TracingSyncer(settings);
        FlagKeeper keeper = started(settings, syncer);
        Path run = settings.volatilePath().getParent();
        Path persist = settings.backupPath().getParent();

        keeper.lock(true);
        // Before grouping: the same, then one more persist/ fsync for the journal's removal (7). The backup goes
        // first: the volatile file, which mtcAlive and the host watchdog read, changes after it.
        assertEquals(List.of(temp(settings.journalPath()), persist, temp(settings.backupPath()),
                temp(settings.volatilePath()), persist, run), paths(syncer.steps()));

        keeper.unlock();
        // Before: the same, then one more persist/ fsync for the journal's removal (5).
        assertEquals(List.of(temp(settings.journalPath()), persist, persist, run), paths(syncer.steps()));
    }

    @Test
    void withBothFilesInOneDirectoryLockMakesFiveFsyncsAndUnlockThree() throws Exception {
        Path shared = dir.resolve("mtc");
        FlagSettings settings = new FlagSettings(shared.resolve(".node_locked"), shared.resolve(".node_locked.nv"),
                dir.resolve("etc/.node_locked"), shared.resolve(".node_locked.intent"), 5000L);
        TracingSyncer syncer = new TracingSyncer(settings);
        FlagKeeper keeper = started(settings, syncer);

        keeper.lock(true);
        // Before: 7 (journal 2, each file 2, journal removal 1).
        assertEquals(List.of(temp(settings.journalPath()), shared, temp(settings.backupPath()),
                temp(settings.volatilePath()), shared), paths(syncer.steps()));

        keeper.unlock();
        // Before: 5 (journal 2, each removal 1, journal removal 1).
        assertEquals(List.of(temp(settings.journalPath()), shared, shared), paths(syncer.steps()));
    }

    @Test
    void aChangeOfOneFileMakesFourFsyncs() throws Exception {
        FlagSettings settings = FlagSettings.in(dir);
        TracingSyncer syncer = new TracingSyncer(settings);
        FlagKeeper keeper = started(settings, syncer);
        keeper.lock(false);
        syncer.steps();

        keeper.lock(true);

        // Before: 5 (journal 2, backup 2, journal removal 1).
        assertEquals(List.of(temp(settings.journalPath()), settings.journalPath().getParent(),
                temp(settings.backupPath()), settings.backupPath().getParent()), paths(syncer.steps()));
    }

    @Test
    void lockMakesTheJournalDurableFirstAndRemovesItOnlyAfterBothFilesAreDurable() throws Exception {
        FlagSettings settings = FlagSettings.in(dir);
        TracingSyncer syncer = new TracingSyncer(settings);
        FlagKeeper keeper = started(settings, syncer);

        keeper.lock(true);

        assertOrdered(settings, syncer.steps(), FlagState.BOTH_ABSENT, DesiredLock.LOCKED_PERSIST);
        assertFalse(Files.exists(settings.journalPath()), "journal removed once the lock returned");
    }

    @Test
    void unlockMakesTheJournalDurableFirstAndRemovesItOnlyAfterBothFilesAreDurable() throws Exception {
        FlagSettings settings = FlagSettings.in(dir);
        TracingSyncer syncer = new TracingSyncer(settings);
        FlagKeeper keeper = started(settings, syncer);
        keeper.lock(true);
        syncer.steps();

        keeper.unlock();

        assertOrdered(settings, syncer.steps(), FlagState.BOTH_PRESENT, DesiredLock.UNLOCKED);
        assertFalse(Files.exists(settings.journalPath()), "journal removed once the unlock returned");
    }

    /**
     * Up to and including the fsync that makes the journal's entry durable, the flag files are as before; from
     * then on the journal is there at every fsync (so it is removed after the last one), and the last fsync of each
     * flag file's directory sees the new state.
     */
    private static void assertOrdered(FlagSettings settings, List<Step> steps, FlagState before, DesiredLock target) {
        Path journalDirectory = settings.journalPath().getParent();
        int journalDurable = -1;
        for (int i = 0; i < steps.size() && journalDurable < 0; i++) {
            Step step = steps.get(i);
            assertEquals(before, step.flags(), "no flag file changed before the journal is durable: " + steps);
            if (step.path().equals(journalDirectory) && target.name().equals(step.journal())) {
                journalDurable = i;
            }
        }
        assertTrue(journalDurable >= 0, "the journal's directory fsynced while it held the target: " + steps);
        assertTrue(steps.subList(journalDurable, steps.size()).stream()
                .allMatch(step -> target.name().equals(step.journal())),
                "the journal is kept until after the last fsync: " + steps);
        for (Path file : List.of(settings.volatilePath(), settings.backupPath())) {
            Step last = steps.get(lastIndexOf(steps, file.getParent()));
            assertEquals(target.expected(), last.flags(), "the last fsync of " + file.getParent()
                    + " comes after both files changed: " + steps);
        }
    }

    private static int lastIndexOf(List<Step> steps, Path path) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).path().equals(path)) {
                return i;
            }
        }
        throw new AssertionError(path + " never fsynced: " + steps);
    }

    /** A started keeper; the fsyncs of its start (creating the directories) are not counted. */
    private static FlagKeeper started(FlagSettings settings, TracingSyncer syncer) {
        FlagKeeper keeper = new FlagKeeper(settings, syncer, NOPLogger.NOP_LOGGER, change -> { });
        keeper.start();
        syncer.steps();
        return keeper;
    }

    private static List<Path> paths(List<Step> steps) {
        return steps.stream().map(Step::path).toList();
    }

    private static Path temp(Path file) {
        return DurableFiles.tempOf(file);
    }
}
