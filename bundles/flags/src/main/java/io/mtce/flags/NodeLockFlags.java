package io.mtce.flags;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Owns the two node-locked flag files. A change returns only once it is durable (file and directory fsynced),
 * so a caller may acknowledge it. Between changes the files are held to {@link #desired()}: a file created or
 * removed by anyone else is set right within 250 ms. A change is all or nothing: when one file cannot be changed, the
 * other is put back as it was, the change is not durable (the call throws), and it is retried on every audit until
 * it succeeds. Safe for concurrent use; changes are serialized.
 */
@ProviderType
public interface NodeLockFlags {

    /** The one line both files contain (ADMIN_LOCKED_STR plus newline). Readers only test presence. */
    String CONTENT = "This node is currently in the administratively locked state\n";

    /**
     * Locks: creates the volatile file; with {@code persist} creates the backup too, without it removes any backup
     * (simplex). Does nothing when the files already match.
     *
     * @throws FlagFileException when a write, removal or fsync failed; the change is then not durable, both files
     *         are left as they were where possible, {@link #lastError()} reports it and the audit retries it
     */
    void lock(boolean persist) throws FlagFileException;

    /**
     * Unlocks: removes both files. Does nothing when neither is present.
     *
     * @throws FlagFileException when a removal or fsync failed
     */
    void unlock() throws FlagFileException;

    /** The files on disk now: a regular file counts, anything else at a flag path (see {@link #anomalies()}) not. */
    FlagState state();

    /** The lock state the files are kept in: the last request, or what startup reconciliation concluded. */
    DesiredLock desired();

    /** Whether the volatile file exists: the I_AM_LOCKED bit of mtcAlive. */
    boolean volatileFilePresent();

    /** The last failure not yet recovered from by a later successful change or correction. */
    Optional<String> lastError();

    /**
     * What is wrong at the flag paths now, one line each, empty when nothing: an entry that is not a regular file
     * (a directory, a symbolic link, a FIFO; removed by the next correction) or a flag file's directory that leads
     * outside allowed.roots (where nothing is written until it is set right).
     *
     * @since 1.1
     */
    default List<String> anomalies() {
        return List.of();
    }
}
