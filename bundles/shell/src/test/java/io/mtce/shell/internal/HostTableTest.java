package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.HostSpec;
import io.mtce.agent.HostStatus;
import io.mtce.agent.NetworkStatus;
import io.mtce.agent.PendingAction;
import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmSeverity;
import io.mtce.protocol.Network;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostTableTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:10Z");

    private static HostStatus worker(Boolean reportedLocked, boolean alarm) {
        HostSpec spec = new HostSpec("worker-1", "aa:bb:cc:dd:ee:01", "worker",
                Map.of(Network.MANAGEMENT, "192.168.204.11", Network.PXEBOOT, "169.254.202.11"));
        NetworkStatus mgmt = new NetworkStatus(Network.MANAGEMENT, Instant.parse("2026-11-21T12:00:07.500Z"), 7, 7, 1,
                null);
        return new HostStatus(spec, AdminState.LOCKED, PendingAction.NONE, reportedLocked,
                Map.of(Network.MANAGEMENT, mgmt), alarm);
    }

    @Test
    void oneTabSeparatedLinePerHost() {
        String table = HostTable.table(List.of(worker(true, false), worker(false, true)), List.of(), NOW);
        String[] lines = table.split("\n");
        assertEquals(3, lines.length);
        assertEquals(HostTable.HEADER, lines[0]);
        assertEquals("worker-1\tlocked\tnone\tlocked\t2.5s/1\t-\tnever\t-", lines[1]);
        assertEquals("worker-1\tlocked\tnone\tunlocked\t2.5s/1\t-\tnever\t200.003", lines[2]);
        for (String line : lines) {
            assertEquals(8, line.split("\t").length, line);
        }
    }

    @Test
    void detailShowsMismatchAndPerNetworkStatus() {
        String detail = HostTable.detail(worker(false, true), List.of(), NOW);
        assertTrue(detail.contains("admin:       locked (host reports unlocked: being corrected)"), detail);
        assertTrue(detail.contains("pxeboot alarm 200.003: raised"), detail);
        assertTrue(detail.contains("Mgmnt    192.168.204.11   last mtcAlive 2.5s seq 7 received 7 missed 1"), detail);
        assertTrue(detail.contains("Clstr    -"), detail);
    }

    @Test
    void theAlarmColumnListsTheHostsAlarmsFromTheAgent() {
        Alarm locked = new Alarm("200.001", Alarm.HOST_ENTITY_TYPE, "host=worker-1", AlarmSeverity.WARNING,
                "worker-1 was administratively locked to take it out-of-service.", "operational-violation",
                "out-of-service", "", true, false, true);
        Alarm elsewhere = new Alarm("200.001", Alarm.HOST_ENTITY_TYPE, "host=worker-2", AlarmSeverity.WARNING,
                "worker-2 was administratively locked to take it out-of-service.", "operational-violation",
                "out-of-service", "", true, false, true);
        String line = HostTable.line(worker(true, true), List.of(locked, elsewhere), NOW);
        assertTrue(line.endsWith("\t200.001,200.003"), line);
        String detail = HostTable.detail(worker(true, false), List.of(locked, elsewhere), NOW);
        assertTrue(detail.contains("alarm 200.001 warning: worker-1 was administratively locked"), detail);
        assertFalse(detail.contains("worker-2"), detail);
    }

    @Test
    void unknownReportBeforeFirstMtcAlive() {
        assertTrue(HostTable.line(worker(null, false), List.of(), NOW).contains("\tunknown\t"));
    }
}
