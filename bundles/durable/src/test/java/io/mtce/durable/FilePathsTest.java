package io.mtce.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FilePathsTest {

    @Test
    void normalizesAnAbsoluteFilePath() {
        assertEquals(Path.of("/var/lib/mtce/inventory.json"),
                FilePaths.absoluteFile("inventory.path", " /var/lib/x/../mtce/./inventory.json "));
    }

    @Test
    void refusesBlankRelativeAndRootNamingTheKey() {
        for (String bad : new String[] {"", "  ", "relative/file", "/", "/.."}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FilePaths.absoluteFile("volatile.path", bad), bad);
            assertTrue(e.getMessage().startsWith("volatile.path "), e.getMessage());
        }
    }
}
