package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class FlagSettingsTest {

    private static FlagFilesConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(FlagFilesConfig.class);
    }

    private static String error(String key, Object value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(key, value);
        FlagFilesConfig config = config(properties);
        return assertThrows(IllegalArgumentException.class, () -> FlagSettings.from(config)).getMessage();
    }

    @Test
    void defaultsAreTheSpecPaths() {
        FlagSettings settings = FlagSettings.from(config(Map.of()));

        assertEquals(Path.of("/var/run/.node_locked"), settings.volatilePath());
        assertEquals(Path.of("/var/persist/mtc/.node_locked"), settings.backupPath());
        assertEquals(Path.of("/etc/mtc/tmp/.node_locked"), settings.obsoletePath());
        assertEquals(Path.of("/var/persist/mtc/.node_locked.intent"), settings.journalPath());
        assertEquals(5000, settings.auditPeriodMs());
        assertTrue(settings.removesObsolete());
    }

    @Test
    void backupRemovedIsRestoreByDefaultUnlockOnRequestAndNothingElse() {
        assertTrue(!FlagSettings.from(config(Map.of())).followBackupRemoval());
        assertTrue(FlagSettings.from(config(Map.of("backup.removed", "unlock"))).followBackupRemoval());
        String message = error("backup.removed", "follow");
        assertTrue(message.startsWith("backup.removed must be restore or unlock, got 'follow'"), message);
    }

    @Test
    void configurationKeysUseDots() {
        FlagSettings settings = FlagSettings.from(config(Map.of("volatile.path", "/tmp/x/.node_locked",
                "backup.path", "/tmp/y/.node_locked", "journal.path", "/tmp/y/j", "obsolete.path", "/tmp/z/o",
                "audit.period.ms", "250", "allowed.roots", "/tmp")));

        assertEquals(Path.of("/tmp/x/.node_locked"), settings.volatilePath());
        assertEquals(Path.of("/tmp/y/.node_locked"), settings.backupPath());
        assertEquals(Path.of("/tmp/y/j"), settings.journalPath());
        assertEquals(Path.of("/tmp/z/o"), settings.obsoletePath());
        assertEquals(250, settings.auditPeriodMs());
    }

    @Test
    void relativePathIsRejectedNamingTheKey() {
        assertEquals("volatile.path must be an absolute file path, got 'run/.node_locked'",
                error("volatile.path", "run/.node_locked"));
    }

    @Test
    void blankPathIsRejectedNamingTheKey() {
        assertEquals("backup.path must be an absolute file path, got a blank value", error("backup.path", "  "));
        assertTrue(error("journal.path", "").startsWith("journal.path "));
        assertTrue(error("obsolete.path", "").startsWith("obsolete.path "));
    }

    @Test
    void rootIsNotAFilePath() {
        assertTrue(error("volatile.path", "/").startsWith("volatile.path must name a file"));
    }

    @Test
    void nonPositiveAuditPeriodIsRejected() {
        assertEquals("audit.period.ms must be greater than 0, got 0", error("audit.period.ms", 0));
        assertEquals("audit.period.ms must be greater than 0, got -5", error("audit.period.ms", "-5"));
    }

    @Test
    void volatileEqualToBackupIsRejected() {
        assertEquals("volatile.path must differ from backup.path, both are /var/persist/mtc/.node_locked",
                error("volatile.path", "/var/persist/mtc/../mtc/.node_locked"));
    }

    @Test
    void journalEqualToAFlagFileIsRejected() {
        assertTrue(error("journal.path", "/var/run/.node_locked")
                .startsWith("journal.path must differ from volatile.path"));
        assertTrue(error("journal.path", "/var/persist/mtc/.node_locked")
                .startsWith("journal.path must differ from backup.path"));
    }
}
