package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static io.mtce.flags.internal.Dirs.put;
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

/** Without the file watch, the periodic audit alone sets the files right. */
class AuditTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private FlagSettings settings;
    private final RecordingLogger log = new RecordingLogger();
    private NodeLockFlagsComponent flags;

    @BeforeEach
    void setUp() {
        settings = FlagSettings.in(dir).withAuditPeriod(50);
        flags = new NodeLockFlagsComponent(settings, Syncer.FSYNC, false, log);
    }

    @AfterEach
    void tearDown() {
        flags.deactivate();
    }

    @Test
    void auditRestoresADeletedVolatileFile() throws Exception {
        flags.lock(true);

        Files.delete(settings.volatilePath());

        await(() -> flags.state() == FlagState.BOTH_PRESENT, TIMEOUT, "restored by the audit");
        await(() -> log.logged(Level.WARN, "removed by hand while locked ; created " + settings.volatilePath()
                + " (audit)"), TIMEOUT, "correction logged with its trigger");
    }

    @Test
    void auditRemovesABackupCreatedWhileUnlocked() {
        put(settings.backupPath());

        await(() -> flags.state() == FlagState.BOTH_ABSENT, TIMEOUT, "removed by the audit");
        assertTrue(flags.lastError().isEmpty());
    }
}
