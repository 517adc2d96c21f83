package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * {@code backup.removed=unlock} (controllers): the C++ agent removes the backup itself on the controller it runs on,
 * just before that controller's unlock reboot. The client must follow that change, not fight it, or the unlocked
 * controller reboots looking locked. Everything else is still set right.
 */
class SelfUnlockFollowTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();
    private NodeLockFlagsComponent flags;

    private FlagSettings start(boolean follow) {
        FlagSettings settings = FlagSettings.in(dir).withAuditPeriod(3_600_000).followingBackupRemoval(follow);
        flags = new NodeLockFlagsComponent(settings, Syncer.FSYNC, true, log);
        return settings;
    }

    @AfterEach
    void tearDown() {
        if (flags != null) {
            flags.deactivate();
        }
    }

    @Test
    void aBackupRemovedWhileLockedIsTakenAsTheAgentsSelfUnlock() throws Exception {
        FlagSettings settings = start(true);
        flags.lock(true);

        Files.delete(settings.backupPath());

        await(() -> flags.state() == FlagState.BOTH_ABSENT, TIMEOUT, "the volatile file follows the backup");
        assertEquals(DesiredLock.UNLOCKED, flags.desired(), "and stays unlocked: no fight with the agent");
        await(() -> log.logged(Level.WARN, "removed by another process while locked ; taken as an unlock"),
                TIMEOUT, "the unlock is logged");
    }

    @Test
    void theVolatileFileAloneRemovedIsStillRestored() throws Exception {
        FlagSettings settings = start(true);
        flags.lock(true);

        Files.delete(settings.volatilePath());

        await(() -> flags.state() == FlagState.BOTH_PRESENT, TIMEOUT, "volatile file restored");
        assertEquals(DesiredLock.LOCKED_PERSIST, flags.desired());
    }

    /**
     * Removed one after the other, the volatile file may be restored before the backup goes, which then looks like
     * the agent's pattern: either way the files end together, matching the desired state.
     */
    @Test
    void bothRemovedEndTogether() throws Exception {
        FlagSettings settings = start(true);
        flags.lock(true);

        Files.delete(settings.volatilePath());
        Files.delete(settings.backupPath());

        await(() -> flags.state() == flags.desired().expected() && flags.state() != FlagState.ONLY_VOLATILE
                && flags.state() != FlagState.ONLY_BACKUP, TIMEOUT, "both files together, as desired");
    }

    @Test
    void withTheDefaultTheRemovedBackupIsRestored() throws Exception {
        FlagSettings settings = start(false);
        flags.lock(true);

        Files.delete(settings.backupPath());

        await(() -> flags.state() == FlagState.BOTH_PRESENT, TIMEOUT, "backup restored");
        assertEquals(DesiredLock.LOCKED_PERSIST, flags.desired());
    }

}
