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
import org.slf4j.Logger;

/**
 * Watches the directories of the flag files (inotify on Linux) and runs {@code onChange} as soon as one of the
 * files is created or removed, or a watched directory goes away. Events for other names (temp files, the
 * journal) are ignored. A directory that was missing, re-created or replaced is watched again on {@link #rearm()},
 * which runs after every correction and on every audit.
 */
final class TamperWatcher implements AutoCloseable {

    /** A watched directory: its key and the identity (inode) of the directory it was registered on. */
    private record Registration(WatchKey key, Object identity) {
    }

    private final WatchService service;
    private final Map<Path, Set<Path>> namesByDirectory = new HashMap<>();
    private final Map<Path, Registration> registrations = new HashMap<>();
    private final Runnable onChange;
    private final Logger log;
    private final Thread thread;

    TamperWatcher(Collection<Path> files, Runnable onChange, Logger log) throws IOException {
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

    /**
     * Watches every directory that exists and is not watched yet, or was replaced (deleted and re-created, or
     * moved away) since it was registered: a watch follows the inode, not the path.
     */
    synchronized void rearm() {
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
            }
            if (current == null) {
                continue;
            }
            try {
                registrations.put(dir, new Registration(dir.register(service, ENTRY_CREATE, ENTRY_DELETE), current));
            } catch (ClosedWatchServiceException e) {
                return;
            } catch (IOException e) {
                log.warn("cannot watch {} ({}) ; relying on the periodic audit", dir, e.getMessage());
            }
        }
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
                WatchKey key = service.take();
                boolean relevant = false;
                while (key != null) {
                    relevant |= drain(key);
                    key = service.poll();
                }
                if (relevant) {
                    notifyChange();
                }
                rearm();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: stop watching.
        }
    }

    private boolean drain(WatchKey key) {
        Set<Path> names = namesByDirectory.getOrDefault((Path) key.watchable(), Set.of());
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            relevant |= event.kind() == OVERFLOW || names.contains((Path) event.context());
        }
        // An invalid key means the directory itself went away.
        return !key.reset() || relevant;
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

    private void notifyChange() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.error("flag file correction after a file event failed", e);
        }
    }
}
