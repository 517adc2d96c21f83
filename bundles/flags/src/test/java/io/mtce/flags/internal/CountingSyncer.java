package io.mtce.flags.internal;

import io.mtce.durable.Syncer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Test double: really fsyncs, records every call, and fails the calls whose path matches a settable predicate. */
final class CountingSyncer implements Syncer {
    private final List<Path> files = new CopyOnWriteArrayList<>();
    private final List<Path> directories = new CopyOnWriteArrayList<>();
    private volatile Predicate<Path> failing = path -> false;

    @Override
    public void sync(FileChannel channel, Path path) throws IOException {
        (Files.isDirectory(path) ? directories : files).add(path);
        if (failing.test(path)) {
            throw new IOException("Input/output error (injected)");
        }
        channel.force(true);
    }

    void failWhen(Predicate<Path> predicate) {
        this.failing = predicate;
    }

    void heal() {
        this.failing = path -> false;
    }

    List<Path> files() {
        return List.copyOf(files);
    }

    List<Path> directories() {
        return List.copyOf(directories);
    }

    void reset() {
        files.clear();
        directories.clear();
    }
}
