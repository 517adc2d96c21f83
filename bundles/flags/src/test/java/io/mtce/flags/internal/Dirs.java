package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.flags.NodeLockFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File helpers for the tests: put, check and list flag files in a temporary directory. */
final class Dirs {

    private Dirs() {
    }

    static void put(Path file) {
        put(file, NodeLockFlags.CONTENT);
    }

    static void put(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertFlagContent(Path file) {
        try {
            assertEquals(NodeLockFlags.CONTENT, Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file below {@code root} whose name ends in .tmp. */
    static long tempFiles(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
