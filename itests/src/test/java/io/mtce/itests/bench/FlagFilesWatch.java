package io.mtce.itests.bench;

import io.mtce.itests.bed.BedHost;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notes the moment both of a client host's node-locked files are present, read straight from the host's data
 * directory. A thread of its own re-checks both files after every event of a java.nio {@link WatchService} on their
 * two directories (inotify on Linux), so the caller can talk to the agent meanwhile.
 */
final class FlagFilesWatch implements AutoCloseable {
    /** Only a safety net against a missed event: every create and rename is an event. */
    private static final long RECHECK_MS = 100;

    private final Path volatileFile;
    private final Path backupFile;
    private final WatchService watcher;
    private final CompletableFuture<Long> bothPresent = new CompletableFuture<>();
    private final Thread thread;

    private FlagFilesWatch(BedHost host) throws IOException {
        volatileFile = host.volatileFile();
        backupFile = host.backupFile();
        watcher = FileSystems.getDefault().newWatchService();
        try {
            for (Path dir : new Path[] {volatileFile.getParent(), backupFile.getParent()}) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            }
        } catch (IOException e) {
            watcher.close();
            throw e;
        }
        thread = new Thread(this::run, "flag-files-watch");
        thread.setDaemon(true);
    }

    /** Starts watching; the files are expected absent now. */
    static FlagFilesWatch start(BedHost host) throws IOException {
        FlagFilesWatch watch = new FlagFilesWatch(host);
        watch.thread.start();
        return watch;
    }

    /** @return the {@link System#nanoTime()} at which both files were first seen present */
    long awaitBothPresent(long timeoutMillis) throws InterruptedException {
        try {
            return bothPresent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("flag files not both present in " + timeoutMillis + " ms: volatile "
                    + Files.exists(volatileFile) + ", backup " + Files.exists(backupFile));
        } catch (ExecutionException e) {
            throw new IllegalStateException("watching the flag files failed", e.getCause());
        }
    }

    private void run() {
        try {
            while (true) {
                if (Files.exists(volatileFile) && Files.exists(backupFile)) {
                    bothPresent.complete(System.nanoTime());
                    return;
                }
                WatchKey key = watcher.poll(RECHECK_MS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            bothPresent.completeExceptionally(e); // closed before the files came
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        watcher.close();
        thread.interrupt();
        thread.join(5_000);
    }
}
