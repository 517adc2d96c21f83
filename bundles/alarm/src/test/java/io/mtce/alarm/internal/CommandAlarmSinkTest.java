package io.mtce.alarm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSinkException;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.slf4j.event.Level;

/** The command sink against a real process: a shell script that records its arguments, fails or hangs on demand. */
class CommandAlarmSinkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private FakeFmClient fm;
    private final RecordingLogger log = new RecordingLogger();
    private CommandAlarmSink sink;

    @BeforeEach
    void fakeCommand() throws Exception {
        fm = new FakeFmClient(dir);
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    private CommandAlarmSink start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("command", new String[] {fm.path()});
        props.put("timeout.ms", 5000L);
        props.put("retries", 3);
        props.put("retry.initial.ms", 50L);
        props.put("retry.max.ms", 200L);
        props.put("queue.size", 16);
        props.putAll(overrides);
        sink = new CommandAlarmSink(Converters.standardConverter().convert(props).to(CommandAlarmSinkConfig.class),
                log);
        return sink;
    }

    @Test
    void raiseRunsDashCAndClearRunsDashDInStarlingXForm() {
        start(Map.of());
        Alarm alarm = TestAlarms.pxeboot("compute-0");
        sink.set(alarm);
        Await.await(() -> fm.calls().size() == 1, WAIT, "the raise ran"); // else the clear would replace it
        sink.clear(alarm.key());
        Await.await(() -> fm.calls().size() == 2, WAIT, "two runs");
        assertEquals(List.of("-c", FmStrings.create(alarm)), fm.calls().get(0));
        assertEquals(List.of("-d", "###200.003###host=compute-0###"), fm.calls().get(1));
        assertEquals(0, log.count(Level.WARN), log.lines().toString());
    }

    @Test
    void aFailingRunIsRetriedWithBackOffUntilItSucceeds() throws Exception {
        start(Map.of());
        fm.failNext(2);
        sink.set(TestAlarms.pxeboot("compute-0"));
        Await.await(() -> fm.calls().size() == 3, WAIT, "two failures, then success");
        assertEquals(2, log.count(Level.WARN, "retrying"), log.lines().toString());
        Thread.sleep(300); // longer than the longest back-off: nothing else runs
        assertEquals(3, fm.calls().size());
        assertEquals(0, log.count(Level.ERROR));
    }

    @Test
    void afterTheRetriesTheChangeIsGivenUpWithAnError() throws Exception {
        start(Map.of("retries", 2));
        fm.failNext(100);
        sink.set(TestAlarms.pxeboot("compute-0"));
        Await.await(() -> log.logged(Level.ERROR, "giving up"), WAIT, "given up");
        assertEquals(3, fm.calls().size(), "one run and two retries");
        assertTrue(log.logged(Level.ERROR, "FM_ERR_NOCONNECT"), log.lines().toString());
    }

    @Test
    void aHungRunIsKilledWithItsChildrenAtTheTimeoutAndRetried() throws Exception {
        start(Map.of("timeout.ms", 300L));
        fm.hang(true);
        sink.set(TestAlarms.pxeboot("compute-0"));
        Await.await(() -> fm.pid("sleep.pid").isPresent(), WAIT, "the command hangs");
        long shell = fm.pid("hang.pid").orElseThrow();
        long sleep = fm.pid("sleep.pid").orElseThrow();
        Await.await(() -> log.logged(Level.WARN, "timed out"), WAIT, "timeout logged");
        Await.await(() -> !alive(shell) && !alive(sleep), WAIT, "script and its child killed");
        fm.hang(false);
        Await.await(() -> fm.calls().size() >= 2 && log.count(Level.WARN, "timed out") == log.count(Level.WARN),
                WAIT, "retried after the timeout");
        assertEquals(fm.calls().get(0), fm.calls().get(fm.calls().size() - 1), "the same raise again");
    }

    @Test
    void setAndClearNeverBlockAndTheQueueStaysBoundedWhileTheCommandHangs() throws Exception {
        start(Map.of("timeout.ms", 60_000L, "queue.size", 8));
        fm.hang(true);
        sink.set(TestAlarms.pxeboot("busy"));
        Await.await(() -> fm.pid("sleep.pid").isPresent(), WAIT, "the command hangs");
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            Alarm a = TestAlarms.pxeboot("compute-" + (i % 100));
            if (i % 3 == 0) {
                sink.clear(a.key());
            } else {
                sink.set(a);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2000, "10,000 changes took " + ms + " ms");
        assertEquals(8, sink.queue().size());
        // 100 alarms in turn into 8 places: every change after the first 8 pushes the oldest out.
        assertEquals(10_000 - 8, sink.queue().dropped());
        assertTrue(log.logged(Level.ERROR, "queue full"));
    }

    @Test
    void changesOfOneAlarmCoalesceSoTheLastStateWins() throws Exception {
        start(Map.of("timeout.ms", 60_000L));
        fm.hang(true);
        sink.set(TestAlarms.pxeboot("busy"));
        Await.await(() -> fm.pid("sleep.pid").isPresent(), WAIT, "the command hangs");
        Alarm a = TestAlarms.pxeboot("compute-0");
        sink.set(a);
        sink.clear(a.key());
        sink.set(a);
        sink.clear(a.key());
        assertEquals(1, sink.queue().size());
        assertEquals(3, sink.queue().coalesced());
        fm.hang(false);
        ProcessHandle.of(fm.pid("hang.pid").orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
        Await.await(() -> fm.calls().stream().anyMatch(c -> c.get(1).contains("host=compute-0")), WAIT,
                "compute-0's change ran");
        List<List<String>> compute0 = fm.calls().stream().filter(c -> c.get(1).contains("host=compute-0")).toList();
        assertEquals(List.of(List.of("-d", "###200.003###host=compute-0###")), compute0, "only the last state");
    }

    @Test
    void clearingAnAlarmTheManagerDoesNotHaveIsNotRetried() throws Exception {
        start(Map.of());
        fm.absent(true);
        sink.clear(AlarmKey.ofHost("200.003", "compute-0"));
        Await.await(() -> fm.calls().size() == 1, WAIT, "one run");
        Thread.sleep(200);
        assertEquals(1, fm.calls().size());
        assertEquals(0, log.count(Level.WARN));
    }

    @Test
    void activeListsTheManagersAlarmsOfTheId() throws Exception {
        start(Map.of());
        fm.listing("11111111-0000-4000-8000-000000000000###200.003###set###system.host###host=compute-1###"
                + "2026-12-06T11:00:00.000000###minor###compute-1 pxeboot network communication failure###"
                + "communication###not-applicable###Lock and Unlock###False###True###False###");
        Optional<List<Alarm>> active = sink.active("200.003");
        assertEquals(List.of(new AlarmKey("200.003", "host=compute-1")),
                active.orElseThrow().stream().map(Alarm::key).toList());
        assertEquals(List.of("-A", "200.003"), fm.calls().get(0));
    }

    @Test
    void activeIsEmptyWhenTheManagerHasNone() throws Exception {
        start(Map.of());
        assertEquals(Optional.of(List.of()), sink.active("200.003"));
    }

    @Test
    void aFailedQueryNamesTheCommandAndTheError() throws Exception {
        start(Map.of());
        fm.failNext(1);
        AlarmSinkException e = assertThrows(AlarmSinkException.class, () -> sink.active("200.003"));
        assertTrue(e.getMessage().contains(fm.path() + " -A 200.003"), e.getMessage());
        assertTrue(e.getMessage().contains("FM_ERR_NOCONNECT"), e.getMessage());
    }

    @Test
    void withoutQueryTheSinkCannotTell() throws Exception {
        start(Map.of("query", false));
        assertEquals(Optional.empty(), sink.active("200.003"));
        assertTrue(fm.calls().isEmpty());
    }

    @Test
    void aMissingCommandIsAFailureNamingIt() {
        Map<String, Object> props = Map.of("command", new String[] {dir.resolve("nope").toString()},
                "retries", 0);
        sink = new CommandAlarmSink(Converters.standardConverter().convert(props).to(CommandAlarmSinkConfig.class),
                log);
        sink.set(TestAlarms.pxeboot("compute-0"));
        Await.await(() -> log.logged(Level.ERROR, "giving up"), WAIT, "given up");
        assertTrue(log.logged(Level.ERROR, dir.resolve("nope").toString()), log.lines().toString());
    }

    @Test
    void outOfRangeSettingsNameTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(Map.of("queue.size",
                0)));
        assertTrue(e.getMessage().contains("queue.size"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
