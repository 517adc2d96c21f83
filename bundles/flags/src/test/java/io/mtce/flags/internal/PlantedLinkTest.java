package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * A symbolic link planted at a flag file, its temp file or the journal is never followed: its target is neither
 * written, truncated, removed nor read; the link itself is removed (an error is logged) and the real file created
 * when the lock state needs it.
 */
class PlantedLinkTest {
    private static final String SECRET = "root:$6$secret-hash:19000:0:99999:7:::\n";

    @TempDir
    Path dir;

    private FlagSettings settings;
    private Path victim;
    private final CountingSyncer syncer = new CountingSyncer();
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void setUp() throws Exception {
        settings = FlagSettings.in(dir);
        victim = dir.resolve("elsewhere/shadow");
        put(victim, SECRET);
    }

    private FlagKeeper started() {
        FlagKeeper keeper = new FlagKeeper(settings, syncer, log, change -> { });
        keeper.start();
        return keeper;
    }

    private void plant(Path at) throws Exception {
        Files.createDirectories(at.getParent());
        Files.createSymbolicLink(at, victim);
    }

    private void assertVictimIntact() throws Exception {
        assertTrue(Files.isRegularFile(victim), "the link's target is still there");
        assertEquals(SECRET, Files.readString(victim), "the link's target is unchanged");
    }

    private void assertRealFlagFile(Path path) {
        assertFalse(Files.isSymbolicLink(path), path + " is no longer a link");
        assertFlagContent(path);
    }

    @Test
    void lockReplacesALinkAtTheVolatilePathWithoutWritingThroughIt() throws Exception {
        FlagKeeper keeper = started();
        plant(settings.volatilePath());
        assertFalse(keeper.volatileFilePresent(), "a link is not the flag file, wherever it points");

        keeper.lock(true);

        assertVictimIntact();
        assertRealFlagFile(settings.volatilePath());
        assertRealFlagFile(settings.backupPath());
        assertTrue(log.logged(Level.ERROR, "refusing to follow " + settings.volatilePath()
                + " is a symbolic link to " + victim), log.lines().toString());
    }

    @Test
    void unlockRemovesTheLinkNotItsTarget() throws Exception {
        FlagKeeper keeper = started();
        keeper.lock(true);
        Files.delete(settings.backupPath());
        plant(settings.backupPath());

        keeper.unlock();

        assertVictimIntact();
        assertFalse(Files.exists(settings.backupPath(), LinkOption.NOFOLLOW_LINKS));
        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
    }

    @Test
    void aLinkAtTheTempNameIsNotFollowed() throws Exception {
        FlagKeeper keeper = started();
        plant(DurableFiles.tempOf(settings.volatilePath()));
        plant(DurableFiles.tempOf(settings.backupPath()));
        plant(DurableFiles.tempOf(settings.journalPath()));

        keeper.lock(true);

        assertVictimIntact();
        assertRealFlagFile(settings.volatilePath());
        assertRealFlagFile(settings.backupPath());
    }

    @Test
    void atStartALinkedBackupDoesNotCountAsLockedAndIsRemoved() throws Exception {
        plant(settings.backupPath());

        FlagKeeper keeper = started();

        assertVictimIntact();
        assertEquals(DesiredLock.UNLOCKED, keeper.desired(), "a link is not a backup");
        assertFalse(Files.isSymbolicLink(settings.backupPath()));
        assertEquals(FlagState.BOTH_ABSENT, keeper.state());
        assertTrue(log.logged(Level.ERROR, "refusing to follow " + settings.backupPath()), log.lines().toString());
    }

    @Test
    void aLinkedJournalIsNeitherReadNorLogged() throws Exception {
        plant(settings.journalPath());
        put(settings.backupPath());

        FlagKeeper keeper = started();

        assertVictimIntact();
        assertFalse(Files.isSymbolicLink(settings.journalPath()));
        assertEquals(DesiredLock.LOCKED_PERSIST, keeper.desired(), "decided from the real files only");
        assertFalse(log.lines().toString().contains("secret-hash"), "the target's content never reaches the log");
    }

    @Test
    void journalThroughALinkIsRefusedEvenWhenReadDirectly() throws Exception {
        plant(settings.journalPath());
        Journal journal = new Journal(settings.journalPath(), new DurableFiles(syncer));
        String e = assertThrows(IllegalStateException.class, journal::read).getMessage();
        assertTrue(e.endsWith("is a symbolic link ; not following it"), e);
    }

    @Test
    void aLinkPlantedWhileLockedIsCorrectedByTheWatch() throws Exception {
        NodeLockFlagsComponent flags = new NodeLockFlagsComponent(settings.withAuditPeriod(3_600_000), Syncer.FSYNC,
                true, log);
        try {
            flags.lock(true);
            // Swapped in by a rename, as an attacker would: a delete first races with the watch's correction.
            Path link = settings.volatilePath().resolveSibling(".planted");
            Files.createSymbolicLink(link, victim);
            Files.move(link, settings.volatilePath(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);

            await(() -> !Files.isSymbolicLink(settings.volatilePath()) && flags.state() == FlagState.BOTH_PRESENT,
                    Duration.ofSeconds(5), "link replaced by the real file");
            assertVictimIntact();
            assertRealFlagFile(settings.volatilePath());
            // Reported as tampering: by the delete's event or the link's, whichever the watch saw first.
            assertTrue(log.logged(Level.ERROR, "refusing to follow " + settings.volatilePath()),
                    log.lines().toString());
            await(() -> log.logged(Level.WARN, "correcting: " + settings.volatilePath()), Duration.ofSeconds(5),
                    "correction logged");
        } finally {
            flags.deactivate();
        }
    }
}
