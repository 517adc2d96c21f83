package io.mtce.flags.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Watches the directories of the flag files (inotify on Linux) and tells {@code onChange} as soon as one of the
 * files is created or removed, or a watched directory goes away (its key turns invalid, or events overflowed).
 * Events for other names (temp files, the journal) are ignored. A directory that was missing, re-created or
 * replaced is watched again on {@link #rearm()}, which runs right after each correction this watch triggers (so a
 * directory the correction re-created is watched at once) and on every audit.
 */
final class TamperWatcher implements AutoCloseable {

    /** Told of a change; {@code directoryLost} when a watched directory itself went away or events were lost. */
    @FunctionalInterface
    interface OnChange {
        void changed(boolean directoryLost);
    }

    private enum Seen { NOTHING, FLAG_FILE, DIRECTORY_LOST }

    /** A watched directory: its key and the identity (inode) of the directory it was registered on. */
    private record Registration(WatchKey key, Object identity) {
    }

    private static final int MAX_REARMS = 5;
    private static final long REARM_CHECK_MS = 100;
    private static final long FIRST_LOST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(REARM_CHECK_MS);
    private static final long MAX_LOST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final WatchService service;
    private final Map<Path, Set<Path>> namesByDirectory = new HashMap<>();
    private final Map<Path, Registration> registrations = new HashMap<>();
    /** Directories that were watched and are missing now: the correction re-creates them. */
    private final Set<Path> lost = new HashSet<>();
    private long lastLostRetry;
    /** Doubles while a lost directory cannot be re-created, so a failing disk is not retried ten times a second. */
    private long lostRetryNanos = FIRST_LOST_RETRY_NANOS;
    private final OnChange onChange;
    private final Logger log;
    private final Thread thread;

    TamperWatcher(Collection<Path> files, OnChange onChange, Logger log) throws IOException {
        for (Path file : files) {
            namesByDirectory.computeIfAbsent(file.getParent(), dir -> new HashSet<>()).add(file.getFileName());
        }
        this.onChange = onChange;
        this.log = log;
        this.service = FileSystems.getDefault().newWatchService();
        rearm();
        this.thread = new Thread(this::run, "mtce-flags-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the watch thread still runs. */
    boolean running() {
        return thread.isAlive();
    }

    /** Watches every directory that exists and is not watched yet, or was replaced since: {@link #rearm(boolean)}. */
    synchronized void rearm() {
        rearm(false);
    }

    /**
     * Watches every directory that exists and is not watched yet, or was replaced (deleted and re-created, or
     * moved away) since it was registered: a watch follows the inode, not the path.
     *
     * @param eager count a directory still missing since it was lost as a change (else after a back-off from
     *        100 ms doubling up to 5 s)
     * @return whether the watch changed or lacks a directory it had: a directory newly watched may have changed while
     *         unwatched, and one that went away needs re-creating, so the caller corrects again
     */
    private synchronized boolean rearm(boolean eager) {
        boolean changed = false;
        long now = System.nanoTime();
        for (Path dir : namesByDirectory.keySet()) {
            Object current = identity(dir);
            Registration registration = registrations.get(dir);
            if (registration != null && registration.key().isValid()
                    && Objects.equals(registration.identity(), current)) {
                continue;
            }
            if (registration != null) {
                registration.key().cancel();
                registrations.remove(dir);
                lost.add(dir);
                changed = true;
            }
            if (current == null) {
                if (lost.contains(dir) && (eager || now - lastLostRetry >= lostRetryNanos)) {
                    if (!eager) {
                        lostRetryNanos = Math.min(lostRetryNanos * 2, MAX_LOST_RETRY_NANOS);
                    }
                    lastLostRetry = now;
                    changed = true;
                }
                continue;
            }
            try {
                registrations.put(dir, new Registration(dir.register(service, ENTRY_CREATE, ENTRY_DELETE), current));
                if (lost.remove(dir) && lost.isEmpty()) {
                    lostRetryNanos = FIRST_LOST_RETRY_NANOS;
                }
            } catch (ClosedWatchServiceException e) {
                return false;
            } catch (IOException e) {
                log.warn("cannot watch {} ({}) ; relying on the periodic audit", dir, e.getMessage());
            }
            changed = true;
        }
        return changed;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.warn("closing the flag file watch failed: {}", e.getMessage());
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                // Not take(): a directory removed while unwatched (again, before its re-creation was registered)
                // sends no event; a tick every 100 ms (a stat per directory) notices it.
                WatchKey key = service.poll(REARM_CHECK_MS, TimeUnit.MILLISECONDS);
                Seen seen = Seen.NOTHING;
                while (key != null) {
                    Seen now = drain(key);
                    seen = now.compareTo(seen) > 0 ? now : seen;
                    key = service.poll();
                }
                if (seen != Seen.NOTHING) {
                    notifyChange(seen == Seen.DIRECTORY_LOST);
                }
                // A directory removed again before it was watched (rm -rf racing the correction), or files changed
                // in one not yet watched, send no event: correct again until the watch holds.
                boolean eager = seen != Seen.NOTHING;
                for (int i = 0; i < MAX_REARMS && rearm(eager); i++) {
                    notifyChange(true);
                    eager = true;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: stop watching.
        }
    }

    private Seen drain(WatchKey key) {
        Set<Path> names = namesByDirectory.getOrDefault((Path) key.watchable(), Set.of());
        Seen seen = Seen.NOTHING;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                seen = Seen.DIRECTORY_LOST;
            } else if (seen == Seen.NOTHING && names.contains((Path) event.context())) {
                seen = Seen.FLAG_FILE;
            }
        }
        // An invalid key means the directory itself went away.
        return key.reset() ? seen : Seen.DIRECTORY_LOST;
    }

    /** The directory's file key (device and inode), or null when it is missing or not a directory. */
    private static Object identity(Path dir) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
            return attributes.isDirectory() ? Objects.requireNonNullElse(attributes.fileKey(), dir) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void notifyChange(boolean directoryLost) {
        try {
            onChange.changed(directoryLost);
        } catch (RuntimeException e) {
            log.error("flag file correction after a file event failed", e);
        }
    }
}
