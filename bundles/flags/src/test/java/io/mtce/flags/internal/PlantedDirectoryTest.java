package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static io.mtce.flags.internal.Dirs.assertFlagContent;
import static io.mtce.flags.internal.Dirs.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * A directory (or a FIFO) planted at a flag path is reported as what it is, not as a flag file, and removed: the
 * host watchdog only asks whether something exists at the volatile path, so left there it makes an unlocked host
 * look locked. A non-empty directory is moved aside whole, for inspection, never emptied.
 */
class PlantedDirectoryTest {
    @TempDir
    Path dir;

    private FlagSettings settings;
    private final RecordingLogger log = new RecordingLogger();
    private FlagKeeper keeper;

    @BeforeEach
    void setUp() {
        settings = FlagSettings.in(dir);
        keeper = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });
        keeper.start();
    }

    @Test
    void anEmptyDirectoryAtTheVolatilePathWhileUnlockedIsReportedAsSuchAndRemoved() throws Exception {
        Files.createDirectory(settings.volatilePath());

        assertEquals(FlagState.BOTH_ABSENT, keeper.state(), "a directory is not the flag file");
        assertFalse(keeper.volatileFilePresent(), "mtcAlive does not report a directory as locked");
        assertEquals(List.of(settings.volatilePath() + " is a directory, not a file"), keeper.anomalies());

        keeper.correct("watch", false);

        assertFalse(Files.exists(settings.volatilePath(), LinkOption.NOFOLLOW_LINKS), "removed");
        assertEquals(List.of(), keeper.anomalies());
        assertTrue(log.logged(Level.ERROR, "refusing to use " + settings.volatilePath()
                + " is a directory, not a file ; removing it"), log.lines().toString());
        assertTrue(log.logged(Level.WARN, "correcting: " + settings.volatilePath() + " is a directory, not a file"),
                log.lines().toString());
    }

    @Test
    void aNonEmptyDirectoryIsMovedAsideWholeNotEmptied() throws Exception {
        Path inside = settings.volatilePath().resolve("keep/me");
        put(inside, "evidence\n");

        keeper.correct("watch", false);

        assertFalse(Files.exists(settings.volatilePath(), LinkOption.NOFOLLOW_LINKS));
        Path aside;
        try (Stream<Path> files = Files.list(settings.volatilePath().getParent())) {
            aside = files.filter(p -> p.getFileName().toString().startsWith(".node_locked.planted-")).findFirst()
                    .orElseThrow(() -> new AssertionError("moved aside beside the flag path"));
        }
        assertEquals("evidence\n", Files.readString(aside.resolve("keep/me")), "content kept for inspection");
        assertTrue(log.logged(Level.ERROR, settings.volatilePath() + " is not empty: moved it to " + aside),
                log.lines().toString());
    }

    @Test
    void aDirectoryAtTheVolatilePathIsReplacedByTheFileOnLock() throws Exception {
        Files.createDirectory(settings.volatilePath());

        keeper.lock(true);

        assertFlagContent(settings.volatilePath());
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
    }

    @Test
    void aDirectoryAtTheBackupPathDoesNotMakeALockedNodeAtStart() throws Exception {
        keeper.close();
        Files.createDirectories(settings.backupPath());

        FlagKeeper restarted = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });
        restarted.start();

        assertEquals(DesiredLock.UNLOCKED, restarted.desired(), "a directory is not a backup");
        assertFalse(Files.exists(settings.backupPath(), LinkOption.NOFOLLOW_LINKS), "removed at start");
    }

    @Test
    void aFifoAtTheVolatilePathIsReportedAndRemoved() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", settings.volatilePath().toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");

        assertEquals(List.of(settings.volatilePath() + " is a special file (FIFO, socket or device), not a file"),
                keeper.anomalies());
        keeper.correct("watch", false);
        assertFalse(Files.exists(settings.volatilePath(), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theWatchRemovesADirectoryPlantedWhileUnlocked() throws Exception {
        keeper.close();
        NodeLockFlagsComponent flags = new NodeLockFlagsComponent(settings.withAuditPeriod(3_600_000), Syncer.FSYNC,
                true, log);
        try {
            long start = System.nanoTime();
            Files.createDirectory(settings.volatilePath());

            long millis = await(() -> !Files.exists(settings.volatilePath(), LinkOption.NOFOLLOW_LINKS),
                    Duration.ofSeconds(5), start, "planted directory removed");
            System.out.println("PlantedDirectoryTest: directory at the volatile path removed after " + millis + " ms");
            assertEquals(FlagState.BOTH_ABSENT, flags.state());
        } finally {
            flags.deactivate();
        }
    }
}
