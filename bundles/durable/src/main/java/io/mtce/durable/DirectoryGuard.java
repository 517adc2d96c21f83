package io.mtce.durable;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Says whether files may be created, renamed or removed in a directory, checked by {@link DurableFiles} right before
 * each such step, so that a directory replaced at run time (by a symbolic link to elsewhere, say) is refused at the
 * next write rather than written through.
 */
@FunctionalInterface
public interface DirectoryGuard {

    /** Allows every directory. */
    DirectoryGuard ANY = dir -> { };

    /**
     * @param dir the directory about to be changed; it may not exist yet (it is then about to be created)
     * @throws IOException whose message names {@code dir} and why it is refused (where it really leads)
     */
    void check(Path dir) throws IOException;
}
