package io.mtce.flags.internal;

import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * The flag files, their journal and the obsolete file are never accessed through a symbolic link: a link planted at
 * one of those names could point a write (or a read that ends in the log) at any file. A link found there is
 * removed (the link only, never its target) and reported as an error; the real file is then created if the lock
 * state needs it. Removing rather than refusing keeps the lock state in the keeper's hands: refusing would leave it
 * to whoever planted the link.
 */
final class PlantedLinks {

    private PlantedLinks() {
    }

    /** Whether {@code path} exists as itself: a symbolic link there does not count, wherever it points. */
    static boolean present(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path);
    }

    /** @return a description of the link at {@code path}, or {@code null} when there is none */
    static String describe(Path path) {
        if (!Files.isSymbolicLink(path)) {
            return null;
        }
        String target;
        try {
            target = Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            target = "?";
        }
        return path + " is a symbolic link to " + target;
    }

    /**
     * Removes a symbolic link at {@code path}, logging an error.
     *
     * @return whether there was one
     * @throws DurableFileException when the link cannot be removed
     */
    static boolean remove(Path path, DurableFiles files, Logger log) throws DurableFileException {
        String link = describe(path);
        if (link == null) {
            return false;
        }
        log.error("refusing to follow {} ; removing the link (not its target)", link);
        files.delete(path);
        return true;
    }
}
