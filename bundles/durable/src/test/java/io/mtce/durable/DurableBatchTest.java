package io.mtce.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableBatchTest {
    private static final byte[] CONTENT = "locked\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Path a;
    private Path b;
    private Path c;
    /** Every fsync, in order; each one really fsyncs unless {@link #failing} matches its path. */
    private final List<Path> synced = new ArrayList<>();
    /** Which of a, b and c existed at each fsync, in the same order. */
    private final List<Set<Path>> seen = new ArrayList<>();
    private Predicate<Path> failing = path -> false;
    private DurableFiles files;

    @BeforeEach
    void setUp() throws IOException {
        a = dir.resolve("one/a");
        b = dir.resolve("one/b");
        c = dir.resolve("two/c");
        Files.createDirectories(a.getParent());
        Files.createDirectories(c.getParent());
        files = new DurableFiles((channel, path) -> {
            synced.add(path);
            seen.add(existing());
            if (failing.test(path)) {
                throw new IOException("Input/output error (injected)");
            }
            channel.force(true);
        });
    }

    private Set<Path> existing() {
        return Set.copyOf(Stream.of(a, b, c).filter(Files::exists).toList());
    }

    @Test
    void twoFilesInOneDirectoryShareTheDirectoryFsync() throws Exception {
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT).write(b, CONTENT);

        batch.commit();

        assertEquals(List.of(DurableFiles.tempOf(a), DurableFiles.tempOf(b), a.getParent()), synced);
        assertArrayEquals(CONTENT, Files.readAllBytes(a));
        assertArrayEquals(CONTENT, Files.readAllBytes(b));
        assertEquals(Set.of(a, b), batch.durable());
        assertEquals(Set.of(), temps());
    }

    @Test
    void everyTempFileIsFsyncedBeforeAnyRenameAndEachDirectoryOnceAfterAll() throws Exception {
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT).write(b, CONTENT).write(c, CONTENT);

        batch.commit();

        assertEquals(List.of(DurableFiles.tempOf(a), DurableFiles.tempOf(b), DurableFiles.tempOf(c), a.getParent(),
                c.getParent()), synced);
        assertEquals(List.of(Set.of(), Set.of(), Set.of(), Set.of(a, b, c), Set.of(a, b, c)), seen,
                "no target in place before every temp file is durable; all in place before the directories");
    }

    @Test
    void removalsUnlinkEveryFileThenFsyncEachDirectoryOnce() throws Exception {
        for (Path path : List.of(a, b, c)) {
            Files.write(path, CONTENT);
        }
        DurableBatch batch = new DurableBatch(files).delete(a).delete(b).delete(c);

        batch.commit();

        assertEquals(List.of(a.getParent(), c.getParent()), synced);
        assertEquals(List.of(Set.of(), Set.of()), seen);
        assertEquals(Set.of(a, b, c), batch.durable());
    }

    @Test
    void removingAnAbsentFileStillMakesItsAbsenceDurable() throws Exception {
        DurableBatch batch = new DurableBatch(files).delete(c);

        batch.commit();

        assertEquals(List.of(c.getParent()), synced);
        assertEquals(Set.of(c), batch.durable());
    }

    @Test
    void writesAndRemovalsMixAndShareADirectory() throws Exception {
        Files.write(b, CONTENT);
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT).delete(b);

        batch.commit();

        assertEquals(List.of(DurableFiles.tempOf(a), a.getParent()), synced);
        assertEquals(Set.of(a), existing());
    }

    @Test
    void aFailedTempFileDoesNotStopTheOtherFiles() throws Exception {
        failing = DurableFiles.tempOf(a)::equals;
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT).write(c, CONTENT);

        DurableFileException e = assertThrows(DurableFileException.class, batch::commit);

        assertEquals(DurableFileException.Operation.SYNC_FILE, e.operation());
        assertEquals(DurableFiles.tempOf(a).toString(), e.path());
        assertFalse(Files.exists(a), "a failed temp file is never renamed into place");
        assertArrayEquals(CONTENT, Files.readAllBytes(c));
        assertEquals(Set.of(c), batch.durable());
        assertEquals(List.of(DurableFiles.tempOf(a), DurableFiles.tempOf(c), c.getParent()), synced,
                "the failed file's directory is not fsynced for it");
        assertEquals(Set.of(), temps());
    }

    @Test
    void allOrNothingRenamesNothingWhenATempFileFailed() throws Exception {
        failing = DurableFiles.tempOf(c)::equals;
        DurableBatch batch = new DurableBatch(files).allOrNothing().write(a, CONTENT).write(c, CONTENT);

        assertThrows(DurableFileException.class, batch::commit);

        assertEquals(Set.of(), existing(), "a is not put in place without c");
        assertEquals(Set.of(), batch.applied());
        assertEquals(Set.of(), temps(), "a's prepared temp file removed too");
    }

    @Test
    void allOrNothingStopsAtTheFirstFailedRenameOrRemovalAndSaysWhatWasApplied() throws Exception {
        Files.write(a, CONTENT);
        Files.write(c, CONTENT);
        Files.delete(c);
        Files.createDirectories(c.resolve("blocker")); // c is a non-empty directory: its removal fails
        Files.write(b, CONTENT);
        DurableBatch batch = new DurableBatch(files).allOrNothing().delete(a).delete(c).delete(b);

        DurableFileException e = assertThrows(DurableFileException.class, batch::commit);

        assertEquals(DurableFileException.Operation.DELETE, e.operation());
        assertEquals(c.toString(), e.path());
        assertEquals(Set.of(a), batch.applied(), "a before the failure, b not tried after it");
        assertEquals(Set.of(b), existing().stream().filter(p -> !p.equals(c)).collect(java.util.stream.Collectors
                .toSet()));
        assertEquals(Set.of(a), batch.durable());
    }

    @Test
    void allOrNothingComesBeforeTheFirstChange() {
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT);
        assertThrows(IllegalStateException.class, batch::allOrNothing);
    }

    @Test
    void aFailedDirectoryFsyncLeavesItsFilesNotDurableAndTheFirstFailureIsThrown() throws Exception {
        failing = path -> path.equals(a.getParent()) || path.equals(c.getParent());
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT).write(c, CONTENT);

        DurableFileException e = assertThrows(DurableFileException.class, batch::commit);

        assertEquals(DurableFileException.Operation.SYNC_DIRECTORY, e.operation());
        assertEquals(a.getParent().toString(), e.path());
        assertEquals(1, e.getSuppressed().length, "the second failure travels with the first");
        assertEquals(Set.of(), batch.durable());
        assertEquals(Set.of(a, c), existing(), "renamed, but not known to be durable");
    }

    @Test
    void aBatchCommitsOnceAndTakesOneChangePerTarget() throws Exception {
        DurableBatch batch = new DurableBatch(files).write(a, CONTENT);

        assertThrows(IllegalArgumentException.class, () -> batch.delete(a));
        batch.commit();
        assertThrows(IllegalStateException.class, batch::commit);
        assertThrows(IllegalStateException.class, () -> batch.write(b, CONTENT));
    }

    @Test
    void queuedContentIsCopied() throws Exception {
        byte[] content = CONTENT.clone();
        DurableBatch batch = new DurableBatch(files).write(a, content);
        content[0] = 'X';

        batch.commit();

        assertArrayEquals(CONTENT, Files.readAllBytes(a));
    }

    private Set<Path> temps() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return Set.copyOf(all.filter(path -> path.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
