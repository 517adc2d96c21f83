package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.protocol.Network;
import io.mtce.testing.FakeTransport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Alarms 200.001 and 200.003 through the agent's alarm sinks: raise, clear, late sinks, and a restart. */
class AlarmsTest {
    private static final AlarmKey LOCKED = AlarmKey.ofHost("200.001", "worker-1");
    private static final AlarmKey PXEBOOT = AlarmKey.ofHost("200.003", "worker-1");

    @TempDir
    Path dir;

    private AgentHarness agent() {
        // pxeboot monitor every 20 ms, 2 misses make a loss, 1 loss raises the alarm
        return new AgentHarness(AgentHarness.settings(dir, false, 250, 5000, 600_000, 20, 2, 1));
    }

    /** worker-1 added, unlocked, its client offering pxeboot mtcAlive but none arriving: 200.003 raised. */
    private static void losePxeboot(AgentHarness agent) throws Exception {
        agent.core.addHost(WORKER);
        agent.unlockAndAck(WORKER);
        agent.readyEvent(WORKER, true);
        agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false);
        agent.advance(2000);
        assertTrue(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(), "alarm 200.003");
    }

    private static void pxebootReturns(AgentHarness agent, int firstSeq) {
        for (int seq = firstSeq; seq < firstSeq + 300 && agent.core.host(WORKER.name()).orElseThrow()
                .pxebootAlarm(); seq++) {
            agent.mtcAlive(WORKER, Network.MANAGEMENT, seq, false);
            agent.mtcAlive(WORKER, Network.PXEBOOT, seq, false);
            agent.advance(10);
        }
    }

    @Test
    void lockRaises200001AndUnlockClearsIt() throws Exception {
        MemoryFaultManager fm = new MemoryFaultManager();
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(fm);
            agent.core.addHost(WORKER);
            agent.sync();
            assertEquals(List.of("set " + LOCKED), fm.calls(), "a new host comes up locked");
            Alarm alarm = agent.core.alarms().get(0);
            assertEquals("worker-1 was administratively locked to take it out-of-service.", alarm.reason());
            assertEquals("warning", alarm.severity().fmName());
            agent.unlockAndAck(WORKER);
            assertEquals(List.of("set " + LOCKED, "clear " + LOCKED), fm.calls());
            agent.core.lock(WORKER.name());
            agent.core.lock(WORKER.name());
            assertEquals(List.of("set " + LOCKED, "clear " + LOCKED, "set " + LOCKED), fm.calls(), "once per lock");
        }
    }

    @Test
    void pxebootFailureRaises200003OnceAndRecoveryClearsIt() throws Exception {
        MemoryFaultManager fm = new MemoryFaultManager();
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(fm);
            losePxeboot(agent);
            agent.advance(2000); // further losses: no second raise
            assertEquals(1, fm.calls().stream().filter(c -> c.equals("set " + PXEBOOT)).count(), fm.calls().toString());
            Alarm alarm = agent.core.alarms().stream().filter(a -> a.key().equals(PXEBOOT)).findFirst().orElseThrow();
            assertEquals("worker-1 pxeboot network communication failure", alarm.reason());
            assertEquals("minor", alarm.severity().fmName());
            pxebootReturns(agent, 2);
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm());
            assertEquals("clear " + PXEBOOT, fm.calls().get(fm.calls().size() - 1));
            assertEquals(List.of(), fm.held());
        }
    }

    @Test
    void everySinkGetsEachChangeAndALateSinkGetsTheActiveAlarms() throws Exception {
        MemoryFaultManager early = new MemoryFaultManager();
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(early);
            losePxeboot(agent);
            MemoryFaultManager late = new MemoryFaultManager();
            agent.core.alarmSinkAdded(late);
            agent.sync();
            assertEquals(List.of("set " + PXEBOOT), late.calls());
            agent.core.lock(WORKER.name());
            assertEquals(List.of(LOCKED), early.held());
            assertEquals(List.of(LOCKED), late.held());
            for (FakeTransport.Sent sent : agent.drain()) {
                agent.ack(sent);
            }
            agent.core.alarmSinkRemoved(late);
            agent.unlockAndAck(WORKER);
            assertEquals(List.of(), early.held());
            assertEquals(List.of(LOCKED), late.held(), "a removed sink hears no more");
        }
    }

    @Test
    void afterARestartThePxebootAlarmIsKnownWithoutASecondRaiseAndClearsWhenThePathReturns() throws Exception {
        MemoryFaultManager fm = new MemoryFaultManager();
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(fm);
            losePxeboot(agent);
        }
        List<String> before = fm.calls();
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(fm);
            agent.sync();
            assertTrue(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(), "known again");
            assertEquals(before, fm.calls(), "no duplicate raise");
            assertTrue(agent.log.logged(Level.INFO, "worker-1 alarm 200.003 found active ; loaded"));

            agent.readyEvent(WORKER, true);
            agent.advance(2000); // still no pxeboot mtcAlive: the alarm stays, raised once
            assertEquals(before, fm.calls(), "no duplicate raise while the failure goes on");
            pxebootReturns(agent, 1);
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm(), "cleared");
            assertEquals("clear " + PXEBOOT, fm.calls().get(fm.calls().size() - 1));
            assertEquals(List.of(), fm.held());
        }
    }

    @Test
    void onARestartStaleAlarmsAreClearedAndMissingOnesSent() throws Exception {
        MemoryFaultManager fm = new MemoryFaultManager();
        try (AgentHarness agent = agent()) {
            agent.core.addHost(WORKER); // locked: 200.001, not yet in the fault manager (no sink bound)
        }
        fm.set(MtceAlarms.pxebootFailure("worker-1")); // a pxeboot alarm of a locked host
        fm.set(MtceAlarms.locked("gone-host"));        // a host no longer in the inventory
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(fm);
            agent.sync();
            assertEquals(List.of(LOCKED), fm.held());
            assertFalse(agent.core.host(WORKER.name()).orElseThrow().pxebootAlarm());
        }
    }

    @Test
    void removingAHostClearsItsAlarms() throws Exception {
        MemoryFaultManager fm = new MemoryFaultManager();
        try (AgentHarness agent = agent()) {
            agent.core.alarmSinkAdded(fm);
            agent.core.addHost(WORKER);
            agent.core.removeHost(WORKER.name());
            assertEquals(List.of(), fm.held());
            assertEquals(List.of(), agent.core.alarms());
        }
    }
}
