package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.internal.PxebootMonitor.AlarmChange;
import io.mtce.agent.internal.PxebootMonitor.Stage;
import io.mtce.agent.internal.PxebootMonitor.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PxebootMonitorTest {
    private long sequence;

    /** One monitor period in which the client's pxeboot mtcAlives (one per 5 s) do or do not arrive. */
    private Step period(PxebootMonitor monitor, boolean received) {
        if (received) {
            monitor.observed(++sequence);
            monitor.observed(++sequence);
        }
        return monitor.tick();
    }

    @Test
    void healthyHostSendsOneRequestAndNeverAlarms() {
        PxebootMonitor monitor = new PxebootMonitor(6, 2);
        Step first = period(monitor, true);
        assertTrue(first.sendRequest(), "START sends a request");
        for (int i = 0; i < 50; i++) {
            Step step = period(monitor, true);
            assertFalse(step.sendRequest());
            assertEquals(AlarmChange.NONE, step.alarm());
        }
        assertEquals(0, monitor.misses());
        assertEquals(Stage.WAIT, monitor.stage());
    }

    @Test
    void aRestoredAlarmIsNotRaisedAgainAndClearsAfterTheUsualRunOfGoodChecks() {
        PxebootMonitor monitor = new PxebootMonitor(6, 2);
        monitor.restoreAlarm();
        assertTrue(monitor.alarmRaised());
        for (int check = 0; check < 30; check++) {
            assertEquals(AlarmChange.NONE, period(monitor, false).alarm(), "still failing: no second raise");
        }
        List<Integer> clearedAt = new ArrayList<>();
        for (int check = 1; check <= 20; check++) {
            if (period(monitor, true).alarm() == AlarmChange.CLEARED) {
                clearedAt.add(check);
            }
        }
        assertEquals(1, clearedAt.size(), "cleared once: " + clearedAt);
        assertTrue(clearedAt.get(0) >= 6, "not before the misses are worked off: " + clearedAt);
        assertFalse(monitor.alarmRaised());
    }

    @Test
    void alarmIsRaisedAfterTwelveMissedChecksWithTheDefaults() {
        PxebootMonitor monitor = new PxebootMonitor(6, 2);
        period(monitor, true); // start
        List<Integer> raisedAt = new ArrayList<>();
        List<Integer> lossAt = new ArrayList<>();
        for (int check = 1; check <= 20; check++) {
            Step step = period(monitor, false);
            assertTrue(step.sendRequest(), "a request on every miss (check " + check + ")");
            if (step.alarm() == AlarmChange.RAISED) {
                raisedAt.add(check);
            }
            if (step.lossesLeft() >= 0) {
                assertEquals(1, step.lossesLeft());
                lossAt.add(check);
            }
        }
        assertEquals(List.of(6), lossAt, "the first loss after 6 misses only warns");
        assertEquals(List.of(12), raisedAt, "raised once, after 12 missed checks (2 min at 10 s)");
        assertTrue(monitor.alarmRaised());
    }

    @Test
    void thresholdsComeFromConfiguration() {
        PxebootMonitor monitor = new PxebootMonitor(3, 1);
        period(monitor, true);
        assertEquals(AlarmChange.NONE, period(monitor, false).alarm());
        assertEquals(AlarmChange.NONE, period(monitor, false).alarm());
        assertEquals(AlarmChange.RAISED, period(monitor, false).alarm());
    }

    @Test
    void alarmClearsAfterAboutAMinuteOfGoodMessages() {
        PxebootMonitor monitor = new PxebootMonitor(6, 2);
        period(monitor, true);
        for (int i = 0; i < 12; i++) {
            period(monitor, false);
        }
        assertTrue(monitor.alarmRaised());

        int clearedAt = -1;
        for (int check = 1; check <= 20 && clearedAt < 0; check++) {
            if (period(monitor, true).alarm() == AlarmChange.CLEARED) {
                clearedAt = check;
            }
        }
        assertEquals(7, clearedAt, "6 good checks count the misses down, the 7th clears (about 1 min)");
        assertFalse(monitor.alarmRaised());
        assertEquals(0, monitor.losses());
    }

    @Test
    void lowerSequenceAfterAClientRestartIsAMiss() {
        PxebootMonitor monitor = new PxebootMonitor(6, 2);
        monitor.observed(40);
        monitor.tick();
        monitor.observed(41);
        monitor.tick(); // good
        monitor.observed(1);
        Step step = monitor.tick();
        assertTrue(step.sendRequest());
        assertEquals(1, monitor.misses());
    }

    @Test
    void neverRaisedWhileLockedAndClearedOnLock() {
        PxebootMonitor monitor = new PxebootMonitor(6, 2);
        for (int i = 0; i < 30; i++) {
            assertEquals(AlarmChange.NONE, monitor.skip(true).alarm());
        }
        assertFalse(monitor.alarmRaised());

        period(monitor, true);
        for (int i = 0; i < 12; i++) {
            period(monitor, false);
        }
        assertTrue(monitor.alarmRaised());
        assertEquals(AlarmChange.CLEARED, monitor.skip(true).alarm());
        assertFalse(monitor.alarmRaised());
        assertEquals(Stage.START, monitor.stage());
        assertEquals(0, monitor.misses());
    }

    @Test
    void skippingWithoutClearKeepsTheAlarm() {
        PxebootMonitor monitor = new PxebootMonitor(1, 1);
        period(monitor, true);
        assertEquals(AlarmChange.RAISED, period(monitor, false).alarm());
        assertEquals(AlarmChange.NONE, monitor.skip(false).alarm());
        assertTrue(monitor.alarmRaised());
    }
}
