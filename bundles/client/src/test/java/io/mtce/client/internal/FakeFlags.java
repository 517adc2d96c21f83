package io.mtce.client.internal;

import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory flag files that record every request; {@link #failing(boolean)} makes changes throw. */
final class FakeFlags implements NodeLockFlags {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean volatilePresent;
    private volatile boolean backupPresent;
    private volatile boolean failing;
    private volatile long lockDelayMs;

    void failing(boolean fail) {
        failing = fail;
    }

    /** Makes each lock take this long, as a real fsync does. */
    void lockDelay(long millis) {
        lockDelayMs = millis;
    }

    void volatilePresent(boolean present) {
        volatilePresent = present;
    }

    /** "lock(true)", "lock(false)" and "unlock()", in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized void lock(boolean persist) throws FlagFileException {
        calls.add("lock(" + persist + ")");
        if (lockDelayMs > 0) {
            try {
                Thread.sleep(lockDelayMs); // simulated fsync latency, not synchronization
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing) {
            throw new FlagFileException(FlagFileException.Operation.SYNC_FILE, "/var/run/.node_locked.tmp",
                    new IOException("Input/output error"));
        }
        volatilePresent = true;
        backupPresent = persist;
    }

    @Override
    public synchronized void unlock() throws FlagFileException {
        calls.add("unlock()");
        if (failing) {
            throw new FlagFileException(FlagFileException.Operation.DELETE, "/var/run/.node_locked",
                    new IOException("Read-only file system"));
        }
        volatilePresent = false;
        backupPresent = false;
    }

    @Override
    public FlagState state() {
        return FlagState.of(volatilePresent, backupPresent);
    }

    @Override
    public DesiredLock desired() {
        return volatilePresent ? (backupPresent ? DesiredLock.LOCKED_PERSIST : DesiredLock.LOCKED_VOLATILE_ONLY)
                : DesiredLock.UNLOCKED;
    }

    @Override
    public boolean volatileFilePresent() {
        return volatilePresent;
    }

    @Override
    public Optional<String> lastError() {
        return Optional.empty();
    }
}
