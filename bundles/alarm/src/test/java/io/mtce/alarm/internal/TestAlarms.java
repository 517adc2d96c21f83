package io.mtce.alarm.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmSeverity;

/** The two alarms the agent raises, as test data. */
final class TestAlarms {

    private TestAlarms() {
    }

    static Alarm pxeboot(String host) {
        return new Alarm("200.003", Alarm.HOST_ENTITY_TYPE, Alarm.hostInstance(host), AlarmSeverity.MINOR,
                host + " pxeboot network communication failure", "communication", "not-applicable",
                "Administratively Lock and Unlock host to recover. If problem persists, contact next level of"
                        + " support.", false, true, false);
    }

    static Alarm locked(String host) {
        return new Alarm("200.001", Alarm.HOST_ENTITY_TYPE, Alarm.hostInstance(host), AlarmSeverity.WARNING,
                host + " was administratively locked to take it out-of-service.", "operational-violation",
                "out-of-service", "Administratively unlock Host to bring it back in-service.", true, false, true);
    }
}
