package io.mtce.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard is asked before every step that changes a directory; a refusal changes nothing and names why. */
class DirectoryGuardTest {
    private static final byte[] CONTENT = "locked\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final List<Path> asked = new ArrayList<>();

    private DurableFiles refusing(Path refused) {
        return new DurableFiles(Syncer.FSYNC, d -> {
            asked.add(d);
            if (d.equals(refused)) {
                throw new IOException(d + " leads elsewhere");
            }
        });
    }

    @Test
    void aRefusedDirectoryGetsNoFileAndIsNotCreated() {
        Path target = dir.resolve("refused/file");
        DurableFiles files = refusing(target.getParent());

        DurableFileException e = assertThrows(DurableFileException.class, () -> files.write(target, CONTENT));

        assertEquals(DurableFileException.Operation.CHECK_DIRECTORY, e.operation());
        assertEquals(target.getParent().toString(), e.path());
        assertEquals("check directory failed for " + target.getParent() + ": " + target.getParent()
                + " leads elsewhere", e.getMessage());
        assertFalse(Files.exists(target.getParent()), "not created");
    }

    @Test
    void aRefusedDirectoryKeepsItsFiles() throws Exception {
        Path target = Files.createDirectories(dir.resolve("refused")).resolve("file");
        Files.write(target, CONTENT);

        assertThrows(DurableFileException.class, () -> refusing(target.getParent()).delete(target));

        assertTrue(Files.exists(target));
    }

    @Test
    void everyChangingStepAsksTheGuard() throws Exception {
        Path target = dir.resolve("ok/file");
        DurableFiles files = refusing(null);

        files.write(target, CONTENT);
        files.delete(target);

        // create (before and after), temp file, rename, then the removal
        assertEquals(List.of(target.getParent(), target.getParent(), target.getParent(), target.getParent()), asked);
    }
}
