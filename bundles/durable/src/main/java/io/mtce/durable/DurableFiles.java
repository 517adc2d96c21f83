package io.mtce.durable;

import static io.mtce.durable.DurableFileException.Operation.CHECK_DIRECTORY;
import static io.mtce.durable.DurableFileException.Operation.CREATE_DIRECTORY;
import static io.mtce.durable.DurableFileException.Operation.DELETE;
import static io.mtce.durable.DurableFileException.Operation.RENAME;
import static io.mtce.durable.DurableFileException.Operation.SYNC_DIRECTORY;
import static io.mtce.durable.DurableFileException.Operation.SYNC_FILE;
import static io.mtce.durable.DurableFileException.Operation.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file creation and removal. A file is written to {@code <name>.tmp} in the same directory, fsynced,
 * renamed over the target and the directory fsynced; a removal is an unlink plus a directory fsync. So after a
 * crash a file is either absent or complete, and once a method returns the change survives power loss. No write
 * goes through a symbolic link: the temp file is created afresh (never opened through a link planted at its name)
 * and the rename replaces a link at the target rather than following it.
 * Every step that creates, renames or removes an entry first asks the {@link DirectoryGuard} about the directory.
 * Not thread-safe: one writer per directory (the temp name is fixed).
 */
public final class DurableFiles {
    private final Syncer syncer;
    private final DirectoryGuard guard;

    public DurableFiles(Syncer syncer) {
        this(syncer, DirectoryGuard.ANY);
    }

    public DurableFiles(Syncer syncer, DirectoryGuard guard) {
        this.syncer = syncer;
        this.guard = guard;
    }

    public static Path tempOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /** Creates or replaces {@code target} with {@code content}, durably. */
    public void write(Path target, byte[] content) throws DurableFileException {
        writeTemp(target, content);
        moveIntoPlace(target);
        syncDirectory(target.getParent());
    }

    /** Removes {@code target} if present and fsyncs its directory. Returns whether it was present. */
    public boolean delete(Path target) throws DurableFileException {
        boolean existed = unlink(target);
        if (existed) {
            syncDirectory(target.getParent());
        }
        return existed;
    }

    /**
     * Creates {@code dir} (and its parents) when missing, each new level made durable in its parent before the next
     * is created: fsyncing only the last parent would leave the upper new levels, and so everything below them, to
     * be lost by a power cut.
     */
    public void ensureDirectory(Path dir) throws DurableFileException {
        checkDirectory(dir);
        if (Files.isDirectory(dir)) {
            return;
        }
        createLevels(dir);
        checkDirectory(dir); // created through whatever its parents lead to: refused if that is elsewhere
    }

    private void createLevels(Path dir) throws DurableFileException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createLevels(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new DurableFileException(CREATE_DIRECTORY, dir.toString(), e);
            } // created meanwhile by someone else: still made durable below
        } catch (IOException e) {
            throw new DurableFileException(CREATE_DIRECTORY, dir.toString(), e);
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    /** Asks the guard about {@code dir}, as every step that changes it does. */
    public void checkDirectory(Path dir) throws DurableFileException {
        try {
            guard.check(dir);
        } catch (IOException e) {
            throw new DurableFileException(CHECK_DIRECTORY, dir.toString(), e);
        }
    }

    public void syncDirectory(Path dir) throws DurableFileException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            syncer.sync(channel, dir);
        } catch (IOException e) {
            throw new DurableFileException(SYNC_DIRECTORY, dir.toString(), e);
        }
    }

    /** Removes a file without caring whether it is durable: only for leftovers such as temp files. */
    public static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover temp file is harmless: the next write truncates it, the next start removes it.
        }
    }

    /** Writes and fsyncs {@code target}'s temp file, creating the directory if missing; no temp left on failure. */
    void writeTemp(Path target, byte[] content) throws DurableFileException {
        ensureDirectory(target.getParent());
        Path temp = tempOf(target);
        try {
            writeSynced(temp, content);
        } catch (DurableFileException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Renames {@code target}'s temp file over it; durable only once the directory is fsynced. */
    void moveIntoPlace(Path target) throws DurableFileException {
        Path temp = tempOf(target);
        checkDirectory(target.getParent()); // refused: the temp is not removed through what the directory became
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new DurableFileException(RENAME, target.toString(), e);
        }
    }

    /** Unlinks {@code target} if present; durable only once the directory is fsynced. Returns whether it was. */
    boolean unlink(Path target) throws DurableFileException {
        checkDirectory(target.getParent());
        try {
            return Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new DurableFileException(DELETE, target.toString(), e);
        }
    }

    private void writeSynced(Path temp, byte[] content) throws DurableFileException {
        deleteQuietly(temp); // a leftover, or a link planted at the temp name: removed, never followed
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            sync(channel, temp);
        } catch (IOException e) {
            throw new DurableFileException(WRITE, temp.toString(), e);
        }
    }

    private void sync(FileChannel channel, Path temp) throws DurableFileException {
        try {
            syncer.sync(channel, temp);
        } catch (IOException e) {
            throw new DurableFileException(SYNC_FILE, temp.toString(), e);
        }
    }
}
