package io.mtce.agent.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSeverity;

/**
 * The maintenance alarms this agent raises, with the ids, severities, texts and fault-manager attributes of the C++
 * mtcAgent ({@code mtcAlarm.cpp}): 200.001 while a host is administratively locked, 200.003 while its pxeboot
 * network fails. As there, the reason starts with the host name.
 */
final class MtceAlarms {
    static final String LOCK_ID = "200.001";
    static final String PXEBOOT_ID = "200.003";

    private MtceAlarms() {
    }

    static Alarm locked(String host) {
        return new Alarm(LOCK_ID, Alarm.HOST_ENTITY_TYPE, Alarm.hostInstance(host), AlarmSeverity.WARNING,
                host + " was administratively locked to take it out-of-service.", "operational-violation",
                "out-of-service", "Administratively unlock Host to bring it back in-service.", true, false, true);
    }

    static Alarm pxebootFailure(String host) {
        return new Alarm(PXEBOOT_ID, Alarm.HOST_ENTITY_TYPE, Alarm.hostInstance(host), AlarmSeverity.MINOR,
                host + " pxeboot network communication failure", "communication", "not-applicable",
                "Administratively Lock and Unlock host to recover. If problem persists, contact next level of"
                        + " support.", false, true, false);
    }

    static AlarmKey lockedKey(String host) {
        return AlarmKey.ofHost(LOCK_ID, host);
    }

    static AlarmKey pxebootKey(String host) {
        return AlarmKey.ofHost(PXEBOOT_ID, host);
    }
}
