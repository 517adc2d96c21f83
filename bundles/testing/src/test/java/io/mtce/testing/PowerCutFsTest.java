package io.mtce.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator loses exactly what a power cut loses: what no fsync (of the file, or of its directory) covered. */
class PowerCutFsTest {

    @TempDir
    Path dir;

    private PowerCutFs fs;
    private Path root;

    @BeforeEach
    void mount() throws IOException {
        String reason = PowerCutFs.unavailableReason();
        assumeTrue(reason == null, "power-cut file system unavailable: " + reason);
        fs = PowerCutFs.mount(dir.resolve("mnt"));
        root = fs.root();
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void unsyncedOverwriteIsLostSyncedContentKept() throws IOException {
        Path file = root.resolve("f");
        writeSynced(file, "v1");
        syncDir(root);
        Files.writeString(file, "v2-longer");
        assertEquals("v2-longer", Files.readString(file));

        powerCycle();

        assertEquals("v1", Files.readString(file), "content and size as last fsynced");
    }

    @Test
    void syncedFileWithoutDirectoryFsyncIsGone() throws IOException {
        Path file = root.resolve("new");
        writeSynced(file, "data");

        powerCycle();

        assertFalse(Files.exists(file), "its entry was never made durable");
    }

    @Test
    void syncedFileWithDirectoryFsyncIsKept() throws IOException {
        Path sub = Files.createDirectory(root.resolve("sub"));
        syncDir(root);
        Path file = sub.resolve("new");
        writeSynced(file, "data");
        syncDir(sub);

        powerCycle();

        assertEquals("data", Files.readString(file));
    }

    @Test
    void entryWithoutDataFsyncComesBackEmpty() throws IOException {
        Path file = root.resolve("f");
        Files.writeString(file, "never fsynced");
        syncDir(root);

        powerCycle();

        assertEquals("", Files.readString(file), "the entry is durable, the data is not");
    }

    @Test
    void renameWithoutDirectoryFsyncIsReverted() throws IOException {
        Path target = root.resolve("target");
        Path temp = root.resolve("target.tmp");
        writeSynced(target, "old");
        writeSynced(temp, "new");
        syncDir(root);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("new", Files.readString(target));

        powerCycle();

        assertEquals("old", Files.readString(target), "the replaced file comes back");
        assertEquals("new", Files.readString(temp), "and the renamed one under its old, durable name");
    }

    @Test
    void renameWithDirectoryFsyncIsKept() throws IOException {
        Path target = root.resolve("target");
        Path temp = root.resolve("target.tmp");
        writeSynced(target, "old");
        syncDir(root);
        writeSynced(temp, "new");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDir(root);

        powerCycle();

        assertEquals("new", Files.readString(target));
        assertFalse(Files.exists(temp));
    }

    @Test
    void unlinkWithoutDirectoryFsyncIsReverted() throws IOException {
        Path file = root.resolve("f");
        writeSynced(file, "kept");
        Path other = root.resolve("g");
        writeSynced(other, "x");
        syncDir(root);
        Files.delete(other);
        syncDir(root);
        Files.delete(file);
        Path third = root.resolve("h");
        Files.delete(Files.writeString(third, "y"));

        powerCycle();

        assertEquals("kept", Files.readString(file), "an unlink is durable only with its directory");
        assertFalse(Files.exists(other), "the directory fsync after the unlink made it durable");
        assertFalse(Files.exists(third), "never durable at all");
    }

    @Test
    void directoryAndSymlinkFollowTheirParent() throws IOException {
        Path sub = Files.createDirectory(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("sub"));
        Path lost = Files.createDirectory(root.resolve("lost"));
        syncDir(root);
        Files.delete(lost);
        Files.createDirectory(sub.resolve("inner"));

        powerCycle();

        assertTrue(Files.isDirectory(sub));
        assertEquals(Path.of("sub"), Files.readSymbolicLink(root.resolve("link")));
        assertTrue(Files.isDirectory(lost), "rmdir reverted");
        assertFalse(Files.exists(sub.resolve("inner")), "sub was never fsynced");
    }

    @Test
    void chmodIsDurableWithTheFileFsync() throws IOException {
        Path file = root.resolve("f");
        writeSynced(file, "x");
        syncDir(root);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Path synced = root.resolve("g");
        writeSynced(synced, "y");
        syncDir(root);
        Files.setPosixFilePermissions(synced, PosixFilePermissions.fromString("rw-------"));
        try (FileChannel channel = FileChannel.open(synced, StandardOpenOption.READ)) {
            channel.force(true);
        }

        powerCycle();

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(synced)));
    }

    @Test
    void javaDirectoryForceArrivesAsFsyncdir() throws IOException {
        syncDir(root);
        List<String> last = fs.log(1);
        assertEquals(1, last.size());
        assertTrue(last.get(0).matches("\\d+ fsyncdir / *"), last.get(0));
    }

    @Test
    void armedCutFreezesAfterExactlyTheNthOperation() throws IOException {
        long before = fs.count();
        fs.arm(3);
        Files.createDirectory(root.resolve("a"));
        Files.createDirectory(root.resolve("b"));
        assertFalse(fs.frozen());
        Files.createDirectory(root.resolve("c")); // the third: completes, then the power fails
        assertTrue(fs.frozen());
        assertEquals(before + 3, fs.count());
        IOException e = assertThrows(IOException.class, () -> Files.createDirectory(root.resolve("d")));
        assertNotNull(e.getMessage());
        assertThrows(IOException.class, () -> Files.readAttributes(root, "size"));
        assertEquals(before + 3, fs.count(), "nothing counts while the power is off");

        fs.reboot();

        assertFalse(fs.frozen());
        for (String name : List.of("a", "b", "c", "d")) {
            assertFalse(Files.exists(root.resolve(name)), name + " was never durable");
        }
    }

    @Test
    void countsEachMutatingOperationAndNotReads() throws IOException {
        long start = fs.count();
        Path file = root.resolve("f");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("abc".getBytes(US_ASCII)));
            channel.force(true);
        }
        assertEquals(start + 3, fs.count(), "create, write, fsync: " + fs.log(3));
        Files.readString(file);
        Files.exists(root.resolve("missing"));
        try (var list = Files.list(root)) {
            assertEquals(1, list.count());
        }
        assertEquals(start + 3, fs.count(), "reads do not count");
        Files.move(file, root.resolve("g"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(root.resolve("g"));
        syncDir(root);
        assertEquals(start + 6, fs.count(), "rename, unlink, fsyncdir: " + fs.log(3));
        List<String> log = fs.log(3);
        assertTrue(log.get(0).contains("rename /f -> /g"), log.toString());
        assertTrue(log.get(1).contains("unlink /g"), log.toString());
    }

    @Test
    void handleOpenedBeforeTheCutIsStale() throws IOException {
        Path file = root.resolve("f");
        writeSynced(file, "x");
        syncDir(root);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            powerCycle();
            assertThrows(IOException.class, () -> channel.write(ByteBuffer.wrap(new byte[] {1})));
        }
        assertEquals("x", Files.readString(file));
    }

    @Test
    void createExclusiveAndTruncate() throws IOException {
        Path file = root.resolve("f");
        Files.writeString(file, "long content");
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close());
        Files.writeString(file, "s");
        assertEquals("s", Files.readString(file));
        assertEquals(1, Files.size(file));
    }

    @Test
    void formatEmptiesEverything() throws IOException {
        Path sub = Files.createDirectory(root.resolve("sub"));
        writeSynced(sub.resolve("f"), "x");
        syncDir(sub);
        syncDir(root);
        fs.arm(5);

        fs.format();

        try (var list = Files.list(root)) {
            assertEquals(0, list.count());
        }
        assertFalse(fs.frozen());
        fs.cut();
        fs.reboot();
        try (var list = Files.list(root)) {
            assertEquals(0, list.count(), "nothing durable either");
        }
    }

    @Test
    void inotifySeesOperationsThroughTheMount() throws Exception {
        Path watched = Files.createDirectory(root.resolve("w"));
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            watched.register(service, ENTRY_CREATE, ENTRY_DELETE);
            Files.writeString(watched.resolve("x"), "1");
            Files.delete(watched.resolve("x"));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                WatchKey key = service.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        seen.add(event.kind().name() + " " + event.context());
                    }
                    key.reset();
                }
            }
            assertEquals(List.of("ENTRY_CREATE x", "ENTRY_DELETE x"), seen);
        }
    }

    private void powerCycle() {
        fs.cut();
        assertTrue(fs.frozen());
        fs.reboot();
    }

    private static void writeSynced(Path file, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(content.getBytes(US_ASCII)));
            channel.force(true);
        }
    }

    private static void syncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
