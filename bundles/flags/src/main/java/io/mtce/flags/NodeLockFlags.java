package io.mtce.flags;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Owns the two node-locked flag files. A change returns only once it is durable (file and directory fsynced),
 * so a caller may acknowledge it. Between changes the files are held to {@link #desired()}: a file created or
 * removed by anyone else is set right within 250 ms. Safe for concurrent use; changes are serialized.
 */
@ProviderType
public interface NodeLockFlags {

    /** The one line both files contain (ADMIN_LOCKED_STR plus newline). Readers only test presence. */
    String CONTENT = "This node is currently in the administratively locked state\n";

    /**
     * Locks: creates the volatile file; with {@code persist} creates the backup too, without it removes any backup
     * (simplex). Does nothing when the files already match.
     *
     * @throws FlagFileException when a write, removal or fsync failed; the change is then not durable and
     *         {@link #lastError()} reports it
     */
    void lock(boolean persist) throws FlagFileException;

    /**
     * Unlocks: removes both files. Does nothing when neither is present.
     *
     * @throws FlagFileException when a removal or fsync failed
     */
    void unlock() throws FlagFileException;

    /** The files on disk now. */
    FlagState state();

    /** The lock state the files are kept in: the last request, or what startup reconciliation concluded. */
    DesiredLock desired();

    /** Whether the volatile file exists: the I_AM_LOCKED bit of mtcAlive. */
    boolean volatileFilePresent();

    /** The last failure not yet recovered from by a later successful change or correction. */
    Optional<String> lastError();
}
