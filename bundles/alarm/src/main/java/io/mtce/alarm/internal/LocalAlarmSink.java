package io.mtce.alarm.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSink;
import io.mtce.alarm.AlarmSinkException;
import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default sink, for a container without a fault manager: logs every raise and clear, and keeps the active
 * alarms in a file rewritten crash-safely on every change (one {@code fmClientCli -c} string per line), from which
 * it answers {@link #active} after a restart. The file is written by a thread of its own, never the caller's (the
 * agent raises 200.001 on every lock: the table's three fsyncs on its event loop cost each lock about 2 ms);
 * changes that come while a write is under way are coalesced into the next one, which writes the latest table.
 */
@Component(name = LocalAlarmSink.PID, immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LocalAlarmSinkConfig.class)
public final class LocalAlarmSink implements AlarmSink {
    static final String PID = "io.mtce.alarm.local";
    private static final Logger LOG = LoggerFactory.getLogger("io.mtce.alarm");

    private final Path path;
    private final DurableFiles files;
    private final Logger log;
    private final Map<AlarmKey, Alarm> active = new LinkedHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mtce-alarm-writer");
        t.setDaemon(true);
        return t;
    });
    /** A write is queued that has not yet taken its snapshot of the table: a change needs no other. */
    private final AtomicBoolean queued = new AtomicBoolean();

    @Activate
    public LocalAlarmSink(LocalAlarmSinkConfig config) {
        this(Path.of(config.state_path()), new DurableFiles(Syncer.FSYNC), LOG);
    }

    /**
     * @throws IllegalStateException when the file exists but cannot be read or holds a line that is not an alarm,
     *                               naming the file and the line
     */
    LocalAlarmSink(Path path, DurableFiles files, Logger log) {
        this.path = path.toAbsolutePath();
        this.files = files;
        this.log = log;
        for (Alarm a : load(this.path)) {
            active.put(a.key(), a);
        }
        if (!active.isEmpty()) {
            log.info("{} active alarm(s) in {}: {}", active.size(), this.path, active.keySet());
        }
    }

    @Override
    public synchronized void set(Alarm alarm) {
        Alarm before = active.put(alarm.key(), alarm);
        if (alarm.equals(before)) {
            return;
        }
        log.warn("alarm {} {} set ({}): {}", alarm.id(), alarm.entityInstance(), alarm.severity().fmName(),
                alarm.reason());
        saveLater();
    }

    @Override
    public synchronized void clear(AlarmKey key) {
        if (active.remove(key) == null) {
            return;
        }
        log.info("alarm {} {} cleared", key.id(), key.entityInstance());
        saveLater();
    }

    @Override
    public synchronized Optional<List<Alarm>> active(String alarmId) throws AlarmSinkException {
        return Optional.of(active.values().stream().filter(a -> a.id().equals(alarmId)).toList());
    }

    /** Stops the writer once the last change is written (at most 2 s). */
    @Deactivate
    void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(2, TimeUnit.SECONDS)) {
                log.error("active alarms: the last change was not written to {} within 2 s", path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void saveLater() {
        if (queued.compareAndSet(false, true)) {
            try {
                writer.execute(this::save);
            } catch (RejectedExecutionException e) {
                queued.set(false);
                log.error("active alarms: a change after the sink stopped is not written to {}", path);
            }
        }
    }

    private void save() {
        queued.set(false); // from here on a change queues another write, which sees it
        StringBuilder out = new StringBuilder();
        synchronized (this) {
            for (Alarm a : active.values()) {
                out.append(FmStrings.create(a)).append('\n');
            }
        }
        try {
            files.write(path, out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (DurableFileException e) {
            // The alarm is still raised and logged; only its survival of a restart is at risk.
            log.error("active alarms not saved to {}: {}", path, e.getMessage());
        }
    }

    private static List<Alarm> load(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the active alarms in " + path + ": " + e, e);
        }
        List<Alarm> alarms = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                FmStrings.parse(lines.get(i)).ifPresent(alarms::add);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(path + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return alarms;
    }
}
