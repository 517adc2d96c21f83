package io.mtce.alarm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSeverity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FmStringsTest {

    @Test
    void createIsTheFieldOrderOfSFmAlarmDataT() {
        assertEquals("### ###200.003###set###system.host###host=compute-0### ###minor###compute-0 pxeboot network"
                + " communication failure###communication###not-applicable###Administratively Lock and Unlock host"
                + " to recover. If problem persists, contact next level of support.###False###True###False###False###",
                FmStrings.create(TestAlarms.pxeboot("compute-0")));
    }

    @Test
    void filterIsIdThenInstance() {
        assertEquals("###200.003###host=compute-0###", FmStrings.filter(AlarmKey.ofHost("200.003", "compute-0")));
    }

    @Test
    void whatCreateWritesParsesBack() {
        Alarm a = TestAlarms.locked("worker-1");
        assertEquals(Optional.of(a), FmStrings.parse(FmStrings.create(a)));
    }

    @Test
    void parsesTheListingOfFmClientCli() {
        // fm_alarm_to_string: no leading separator, uuid and timestamp filled in by the fault manager.
        String line = "9f3c1a2e-0000-4000-8000-000000000001###200.003###set###system.host###host=compute-1###"
                + "2026-12-06T11:00:00.000000###minor###compute-1 pxeboot network communication failure###"
                + "communication###not-applicable###Lock and Unlock###False###True###False###";
        Alarm a = FmStrings.parse(line).orElseThrow();
        assertEquals(new AlarmKey("200.003", "host=compute-1"), a.key());
        assertEquals(AlarmSeverity.MINOR, a.severity());
        assertTrue(a.suppression());
        assertEquals("compute-1 pxeboot network communication failure", a.reason());
    }

    @Test
    void okLineBlankLineAndClearedSeverityAreNotAlarms() {
        assertEquals(Optional.empty(), FmStrings.parse("Ok"));
        assertEquals(Optional.empty(), FmStrings.parse(""));
        assertEquals(Optional.empty(), FmStrings.parse(" ###200.003###clear###system.host###host=a### ###"
                + "not-applicable### ###other###not-applicable### ###False###False###False###"));
    }

    @Test
    void aTruncatedLineIsRefusedWithItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FmStrings.parse("###200.003###host=a###"));
        assertTrue(e.getMessage().contains("###200.003###host=a###"), e.getMessage());
    }

    @Test
    void anAlarmCannotCarryTheSeparator() {
        assertThrows(IllegalArgumentException.class, () -> new AlarmKey("200.003", "host=a###b"));
    }
}
