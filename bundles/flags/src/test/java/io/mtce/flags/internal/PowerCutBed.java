package io.mtce.flags.internal;

import io.mtce.durable.Syncer;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import io.mtce.testing.PowerCutFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.helpers.NOPLogger;

/**
 * A node for the power-cut exploration: the persist directory (backup and journal) on a {@link PowerCutFs} mount,
 * the volatile directory a plain directory that a power loss empties as tmpfs would be, and the flag files service
 * started in this JVM (its threads stopped before every "reboot").
 */
final class PowerCutBed implements AutoCloseable {
    /** Long enough never to run during an exploration step: only the operation under test and file events act. */
    private static final long AUDIT_MS = 3_600_000;

    final PowerCutFs fs;
    final FlagSettings settings;
    private final Path volatileDir;
    private final Syncer syncer;
    private NodeLockFlagsComponent flags;

    PowerCutBed(Path dir) throws IOException {
        this(dir, Syncer.FSYNC);
    }

    /** @param syncer what the service's fsync does (tests of this exploration itself skip it) */
    PowerCutBed(Path dir, Syncer syncer) throws IOException {
        this.syncer = syncer;
        this.fs = PowerCutFs.mount(dir.resolve("disk"));
        this.volatileDir = Files.createDirectories(dir.resolve("tmpfs/run"));
        Path disk = fs.root();
        // The real layout: the first start creates var/persist/mtc, two levels that do not exist yet.
        Path persist = disk.resolve("var/persist/mtc");
        this.settings = new FlagSettings(volatileDir.resolve(".node_locked"), persist.resolve(".node_locked"),
                disk.resolve("etc/mtc/tmp/.node_locked"), persist.resolve(".node_locked.intent"), AUDIT_MS);
    }

    /** Starts the service (its startup reconciliation runs here). */
    NodeLockFlagsComponent start() {
        flags = new NodeLockFlagsComponent(settings, syncer, true, NOPLogger.NOP_LOGGER);
        return flags;
    }

    NodeLockFlagsComponent flags() {
        return flags;
    }

    /** Stops the service, if running: its audit and watch threads are gone when this returns. */
    void stop() {
        if (flags != null) {
            flags.deactivate();
            flags = null;
        }
    }

    /** A fresh node: service stopped, disk formatted, volatile directory emptied. */
    void reset() {
        stop();
        fs.format();
        emptyVolatile();
    }

    /**
     * The power fails (now, unless an armed cut already fired): the service dies, the volatile directory is emptied,
     * and the disk comes back with what was durable.
     */
    void powerLoss() {
        if (!fs.frozen()) {
            fs.cut();
        }
        stop();
        emptyVolatile();
        fs.reboot();
    }

    private void emptyVolatile() {
        try (Stream<Path> files = Files.list(volatileDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FlagState files() {
        return FlagState.of(Files.exists(settings.volatilePath()), Files.exists(settings.backupPath()));
    }

    /** Every name left in the persist and volatile directories other than the two flag files. */
    List<String> strays() {
        List<String> out = new ArrayList<>();
        for (Path dir : List.of(settings.backupPath().getParent(), volatileDir)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> !p.equals(settings.backupPath()) && !p.equals(settings.volatilePath()))
                        .sorted(Comparator.naturalOrder()).forEach(p -> out.add(p.toString()));
            } catch (IOException e) {
                out.add(dir + " unreadable: " + e.getMessage());
            }
        }
        return out;
    }

    /** A flag file whose content is not the flag's: a file kept without its data. */
    List<String> badContent() {
        List<String> out = new ArrayList<>();
        for (Path file : List.of(settings.volatilePath(), settings.backupPath())) {
            try {
                if (Files.exists(file) && !Files.readString(file).equals(NodeLockFlags.CONTENT)) {
                    out.add(file + " holds '" + Files.readString(file).strip() + "'");
                }
            } catch (IOException e) {
                out.add(file + " unreadable: " + e.getMessage());
            }
        }
        return out;
    }

    /** Puts {@code content} at {@code file} on the disk durably: data fsynced, and every directory on the way. */
    void durable(Path file, String content) throws IOException {
        Path disk = fs.root();
        List<Path> dirs = new ArrayList<>();
        for (Path d = file.getParent(); !d.equals(disk); d = d.getParent()) {
            dirs.add(0, d);
        }
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                Files.createDirectory(d);
                syncDirectory(d.getParent());
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        syncDirectory(file.getParent());
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            fs.close();
        }
    }
}
