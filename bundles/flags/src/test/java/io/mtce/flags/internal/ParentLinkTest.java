package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.durable.Syncer;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symbolic link in a parent directory cannot carry a flag file out of allowed.roots: the directory's real path
 * is checked at every write, so a configured path through a link fails at start and a directory replaced by a link
 * at run time is refused at the next write or correction, naming the path and where the link leads.
 */
class ParentLinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Path data;
    private Path elsewhere;
    private FlagSettings settings;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void setUp() throws Exception {
        data = dir.resolve("data");
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        settings = FlagSettings.in(data).withRoots(AllowedRoots.of(List.of(data)));
    }

    private Path run() {
        return settings.volatilePath().getParent();
    }

    private long filesElsewhere() throws Exception {
        try (Stream<Path> files = Files.list(elsewhere)) {
            return files.count();
        }
    }

    @Test
    void aConfiguredPathThroughALinkedDirectoryFailsAtStartNamingTheLink() throws Exception {
        Files.createDirectories(data);
        Files.createSymbolicLink(run(), elsewhere);
        FlagKeeper keeper = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });

        String e = assertThrows(IllegalStateException.class, keeper::start).getMessage();

        assertTrue(e.startsWith(FlagSettings.VOLATILE_KEY + ": " + run() + " leads to " + elsewhere.toRealPath()
                + " through symbolic link " + run() + " -> " + elsewhere + ", outside allowed.roots [" + data + "]"),
                e);
        assertEquals(0, filesElsewhere(), "nothing written through the link");
    }

    @Test
    void aLinkedParentOfAMissingDirectoryIsRefusedBeforeAnythingIsCreated() throws Exception {
        Files.createDirectories(data);
        Path persistLink = data.resolve("persist");
        Files.createSymbolicLink(persistLink, elsewhere);
        FlagSettings nested = new FlagSettings(settings.volatilePath(), persistLink.resolve("mtc/.node_locked"),
                settings.obsoletePath(), persistLink.resolve("mtc/.node_locked.intent"), 5000, false,
                AllowedRoots.of(List.of(data)));
        FlagKeeper keeper = new FlagKeeper(nested, Syncer.FSYNC, log, change -> { });

        String e = assertThrows(IllegalStateException.class, keeper::start).getMessage();

        assertTrue(e.contains(" through symbolic link " + persistLink + " -> " + elsewhere), e);
        assertEquals(0, filesElsewhere(), "no directory created through the link");
    }

    @Test
    void aLinkThatStaysInsideTheRootsIsFine() throws Exception {
        Path real = Files.createDirectories(data.resolve("real-run"));
        Files.createSymbolicLink(run(), real);
        FlagKeeper keeper = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });
        keeper.start();

        keeper.lock(true);

        assertTrue(Files.isRegularFile(real.resolve(".node_locked")));
        assertEquals(FlagState.BOTH_PRESENT, keeper.state());
    }

    @Test
    void aDirectoryReplacedByALinkAtRunTimeIsRefusedAtTheNextWrite() throws Exception {
        FlagKeeper keeper = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });
        keeper.start();
        replaceRunByALink();

        FlagFileException e = assertThrows(FlagFileException.class, () -> keeper.lock(true));

        assertEquals(FlagFileException.Operation.CHECK_DIRECTORY, e.operation());
        assertEquals(run().toString(), e.path());
        assertTrue(e.getMessage().contains(" through symbolic link " + run() + " -> " + elsewhere), e.getMessage());
        assertEquals(0, filesElsewhere(), "no flag file written through the link");
        assertTrue(keeper.anomalies().stream().anyMatch(a -> a.contains("outside allowed.roots")),
                keeper.anomalies().toString());
    }

    @Test
    void aLockWhoseFilesAlreadyLieBehindAPlantedLinkIsNotAcked() throws Exception {
        FlagKeeper keeper = new FlagKeeper(settings, Syncer.FSYNC, log, change -> { });
        keeper.start();
        keeper.lock(false);
        Files.copy(settings.volatilePath(), elsewhere.resolve(".node_locked"));
        replaceRunByALink();

        assertThrows(FlagFileException.class, () -> keeper.lock(false), "files outside the roots are not ours");
    }

    @Test
    void aDirectoryReplacedByALinkAtRunTimeIsReportedByTheWatchAtOnce() throws Exception {
        // An hour: only the watch can notice within the test.
        NodeLockFlagsComponent flags = new NodeLockFlagsComponent(settings.withAuditPeriod(3_600_000), Syncer.FSYNC,
                true, log);
        try {
            flags.lock(true);

            long start = System.nanoTime();
            replaceRunByALink();

            long millis = await(() -> flags.lastError().map(m -> m.contains("outside allowed.roots")).orElse(false),
                    TIMEOUT, start, "the replaced directory reported");
            System.out.println("ParentLinkTest: run/ replaced by a link reported after " + millis + " ms");
            assertEquals(0, filesElsewhere(), "the correction wrote nothing through the link");
            assertFalse(flags.volatileFilePresent(), "the host reports what the watchdog sees: no volatile file");
            assertTrue(flags.anomalies().stream().anyMatch(a -> a.startsWith(run() + " leads to ")),
                    flags.anomalies().toString());
        } finally {
            flags.deactivate();
        }
    }

    /** As an attacker would: again while the watch puts the directory back between the delete and the link. */
    private void replaceRunByALink() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                try (Stream<Path> files = Files.list(run())) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.delete(run());
                Files.createSymbolicLink(run(), elsewhere);
                return;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | NoSuchFileException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }
}
