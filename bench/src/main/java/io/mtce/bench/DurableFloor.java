package io.mtce.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The durable floor of one lock or unlock: the file-system work of the whole chain and nothing else, in directories
 * of its own on the same file system. A lock is the agent's inventory (temp write, fsync, rename, directory fsync),
 * the client's journal (the same), both flag files' temp writes and fsyncs, both renames, one fsync per directory,
 * and the journal's unlink (not fsynced); an unlock the same with two unlinks instead of the flag writes. 8 fsyncs
 * for a lock, 6 for an unlock, as io.mtce.durable does them. Each step's time is kept for the breakdown.
 */
final class DurableFloor {
    private static final byte[] FLAG = "locked\n".getBytes(StandardCharsets.US_ASCII);

    private final Path inventory;
    private final Path journal;
    private final Path volatileFile;
    private final Path backupFile;
    private final byte[] inventoryContent;
    /** Nanoseconds of the last run's steps: inventory, journal, flag files (batch and journal unlink). */
    long inventoryNs;
    long journalNs;
    long filesNs;

    /** @param inventoryContent what the agent writes (its inventory file as found), so the write is as large */
    DurableFloor(Path root, byte[] inventoryContent) throws IOException {
        this.inventory = Files.createDirectories(root.resolve("agent")).resolve("inventory.json");
        Path persist = Files.createDirectories(root.resolve("var/persist/mtc"));
        this.journal = persist.resolve(".node_locked.intent");
        this.backupFile = persist.resolve(".node_locked");
        this.volatileFile = Files.createDirectories(root.resolve("var/run")).resolve(".node_locked");
        this.inventoryContent = inventoryContent.clone();
    }

    /** One lock ({@code locked}) or unlock; returns its nanoseconds. */
    long run(boolean locked) throws IOException {
        long t0 = System.nanoTime();
        write(inventory, inventoryContent);
        long t1 = System.nanoTime();
        write(journal, (locked ? "LOCKED_PERSIST\n" : "UNLOCKED\n").getBytes(StandardCharsets.US_ASCII));
        long t2 = System.nanoTime();
        if (locked) {
            writeTemp(volatileFile, FLAG);
            writeTemp(backupFile, FLAG);
            Files.move(temp(volatileFile), volatileFile, StandardCopyOption.ATOMIC_MOVE);
            Files.move(temp(backupFile), backupFile, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(volatileFile);
            Files.deleteIfExists(backupFile);
        }
        syncDirectory(volatileFile.getParent());
        syncDirectory(backupFile.getParent());
        Files.delete(journal);
        long t3 = System.nanoTime();
        inventoryNs = t1 - t0;
        journalNs = t2 - t1;
        filesNs = t3 - t2;
        return t3 - t0;
    }

    private static void write(Path target, byte[] content) throws IOException {
        writeTemp(target, content);
        Files.move(temp(target), target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    private static void writeTemp(Path target, byte[] content) throws IOException {
        Path temp = temp(target);
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Path temp(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }
}
