package io.mtce.flags.internal;

import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;

/**
 * Whatever is planted at a flag file's name that is not a regular file: a symbolic link (never followed: it could
 * point a write, or a read that ends in the log, at any file), a directory, a FIFO or a device node. It counts as
 * "no file", is reported, and is removed (a link itself, never its target; a non-empty directory is moved aside
 * whole, not emptied); the real file is then created if the lock state needs it. Removing rather than refusing
 * keeps the lock state in the keeper's hands: the host watchdog only asks whether something exists at the volatile
 * path, so a directory left there would make an unlocked host look locked.
 */
final class PlantedEntries {

    private PlantedEntries() {
    }

    /** Whether a regular file is at {@code path}; a link there does not count, wherever it points. */
    static boolean present(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** @return what is at {@code path} that is not a regular file, or {@code null} when there is nothing such */
    static String describe(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // nothing there (or not reachable: the presence checks say "no file" then too)
        }
        if (attributes.isRegularFile()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            String target;
            try {
                target = Files.readSymbolicLink(path).toString();
            } catch (IOException e) {
                target = "?";
            }
            return path + " is a symbolic link to " + target;
        }
        if (attributes.isDirectory()) {
            return path + " is a directory, not a file";
        }
        return path + " is a special file (FIFO, socket or device), not a file";
    }

    /**
     * Removes what is planted at {@code path}, logging an error; a non-empty directory is renamed to
     * {@code <name>.planted-<millis>} beside it.
     *
     * @return whether there was something
     * @throws DurableFileException when it cannot be removed or moved aside
     */
    static boolean remove(Path path, DurableFiles files, Logger log) throws DurableFileException {
        String planted = describe(path);
        if (planted == null) {
            return false;
        }
        if (Files.isSymbolicLink(path)) {
            log.error("refusing to follow {} ; removing the link (not its target)", planted);
        } else {
            log.error("refusing to use {} ; removing it", planted);
        }
        try {
            files.delete(path);
        } catch (DurableFileException e) {
            if (!(e.getCause() instanceof DirectoryNotEmptyException)) {
                throw e;
            }
            Path aside = path.resolveSibling(path.getFileName() + ".planted-" + System.currentTimeMillis());
            files.checkDirectory(path.getParent());
            try {
                Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailure) {
                throw new DurableFileException(DurableFileException.Operation.RENAME, path.toString(),
                        moveFailure);
            }
            files.syncDirectory(path.getParent());
            log.error("{} is not empty: moved it to {} for inspection", path, aside);
        }
        return true;
    }
}
