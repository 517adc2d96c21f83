package io.mtce.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mtce.testing.PowerCutFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DurableFiles} promises, shown on a file system that loses everything not fsynced at a power cut. */
class DurableFilesPowerCutTest {
    private static final byte[] CONTENT = "locked\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private PowerCutFs fs;
    private final DurableFiles files = new DurableFiles(Syncer.FSYNC);

    @BeforeEach
    void mount() throws IOException {
        String reason = PowerCutFs.unavailableReason();
        assumeTrue(reason == null, "power-cut file system unavailable: " + reason);
        fs = PowerCutFs.mount(dir.resolve("disk"));
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void fileWrittenIntoDirectoriesCreatedOnTheWaySurvivesACut() throws Exception {
        Path file = fs.root().resolve("var/persist/mtc/.node_locked");

        files.write(file, CONTENT);
        powerCycle();

        assertEquals("locked\n", Files.readString(file), "every new directory level was made durable");
    }

    @Test
    void replacedFileSurvivesWithItsNewContent() throws Exception {
        Path file = fs.root().resolve("f");
        files.write(file, "old".getBytes(StandardCharsets.US_ASCII));
        files.write(file, CONTENT);
        powerCycle();

        assertEquals("locked\n", Files.readString(file));
        assertFalse(Files.exists(DurableFiles.tempOf(file)));
    }

    @Test
    void deletionSurvivesACut() throws Exception {
        Path file = fs.root().resolve("d/f");
        files.write(file, CONTENT);
        files.delete(file);
        powerCycle();

        assertFalse(Files.exists(file));
    }

    private void powerCycle() {
        fs.cut();
        fs.reboot();
    }
}
