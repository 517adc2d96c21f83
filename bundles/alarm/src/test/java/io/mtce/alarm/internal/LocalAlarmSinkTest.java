package io.mtce.alarm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.alarm.Alarm;
import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class LocalAlarmSinkTest {
    @TempDir
    Path dir;
    private final RecordingLogger log = new RecordingLogger();

    private LocalAlarmSink open() {
        return new LocalAlarmSink(dir.resolve("state/alarms.fm"), new DurableFiles(Syncer.FSYNC), log);
    }

    @Test
    void activeAlarmsSurviveARestart() throws Exception {
        LocalAlarmSink sink = open();
        Alarm pxe = TestAlarms.pxeboot("compute-0");
        Alarm lock = TestAlarms.locked("compute-1");
        sink.set(pxe);
        sink.set(lock);
        sink.set(TestAlarms.pxeboot("compute-2"));
        sink.clear(TestAlarms.pxeboot("compute-2").key());
        sink.close(); // the component's deactivation: the last change written

        LocalAlarmSink again = open();
        assertEquals(Optional.of(List.of(pxe)), again.active("200.003"));
        assertEquals(Optional.of(List.of(lock)), again.active("200.001"));
    }

    @Test
    void eachChangeIsLoggedOnceAndRepeatsAreSilent() {
        LocalAlarmSink sink = open();
        Alarm pxe = TestAlarms.pxeboot("compute-0");
        sink.set(pxe);
        sink.set(pxe);
        sink.clear(pxe.key());
        sink.clear(pxe.key());
        assertEquals(1, log.count(Level.WARN, "alarm 200.003 host=compute-0 set (minor)"), log.lines().toString());
        assertEquals(1, log.count(Level.INFO, "alarm 200.003 host=compute-0 cleared"), log.lines().toString());
    }

    /** The agent's event loop calls set and clear: they return while the disk is still busy with the write. */
    @Test
    void aChangeDoesNotWaitForTheDisk() throws Exception {
        CountDownLatch disk = new CountDownLatch(1);
        LocalAlarmSink sink = new LocalAlarmSink(dir.resolve("state/alarms.fm"), new DurableFiles((channel, path) -> {
            try {
                disk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(true);
        }), log);
        Alarm lock = TestAlarms.locked("compute-1");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            sink.set(lock);
            sink.clear(lock.key());
            sink.set(TestAlarms.pxeboot("compute-0"));
        }, "set and clear waited for a write that the disk holds");
        disk.countDown();
        sink.close();
        assertEquals(Optional.of(List.of(TestAlarms.pxeboot("compute-0"))), open().active("200.003"),
                "the latest table is on disk after the close");
        assertEquals(Optional.of(List.of()), open().active("200.001"));
    }

    @Test
    void aDamagedFileIsRefusedNamingFileAndLine() throws Exception {
        Path file = dir.resolve("state/alarms.fm");
        Files.createDirectories(file.getParent());
        Files.writeString(file, FmStrings.create(TestAlarms.pxeboot("a")) + "\n###200.003###half\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
        assertTrue(e.getMessage().contains(file + " line 2"), e.getMessage());
    }
}
