package io.mtce.alarm.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import io.mtce.alarm.AlarmSeverity;
import java.util.Optional;

/**
 * StarlingX's fault-manager string forms ({@code fm-common}'s {@code fmAlarmUtils}), which {@code fmClientCli}
 * reads and writes: fields separated by {@code ###}, in the order of {@code SFmAlarmDataT} (uuid, alarm id, state,
 * entity type, entity instance, timestamp, severity, reason, alarm type, probable cause, repair action, service
 * affecting, suppression, inhibit alarms, keep existing alarm). A blank field is written as one space, as the fault
 * manager itself does; booleans are {@code True}/{@code False}.
 */
final class FmStrings {
    private static final String SEP = "###";
    /** Fields up to inhibit alarms: what {@code fm_alarm_to_string} prints. */
    private static final int PRINTED_FIELDS = 14;

    private FmStrings() {
    }

    /** The argument of {@code fmClientCli -c}: the alarm, state {@code set}, uuid and time left to the manager. */
    static String create(Alarm a) {
        return SEP + String.join(SEP, " ", a.id(), "set", a.entityType(), a.entityInstance(), " ",
                a.severity().fmName(), blank(a.reason()), a.alarmType(), a.probableCause(), blank(a.repairAction()),
                bool(a.serviceAffecting()), bool(a.suppression()), bool(a.inhibitAlarms()), bool(false)) + SEP;
    }

    /** The argument of {@code fmClientCli -d}: an alarm filter, {@code ###<alarm id>###<entity instance>###}. */
    static String filter(AlarmKey key) {
        return SEP + key.id() + SEP + key.entityInstance() + SEP;
    }

    /**
     * One alarm as {@code fmClientCli -A/-G/-g} print it (or as {@link #create} writes it, with a leading
     * separator); empty for a line that is not a set alarm (the {@code Ok} line, a blank line, a cleared or
     * unknown severity).
     *
     * @throws IllegalArgumentException for a line with too few fields or a field an alarm may not have
     */
    static Optional<Alarm> parse(String line) {
        String s = line.startsWith(SEP) ? line.substring(SEP.length()) : line;
        if (s.isBlank() || s.equals("Ok")) {
            return Optional.empty();
        }
        String[] f = s.split(SEP, -1);
        if (f.length < PRINTED_FIELDS) {
            throw new IllegalArgumentException("not an alarm (" + f.length + " fields, " + PRINTED_FIELDS
                    + " expected): " + line);
        }
        AlarmSeverity severity;
        try {
            severity = AlarmSeverity.fromFmName(f[6].trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not-applicable: a log or a cleared alarm
        }
        return Optional.of(new Alarm(f[1].trim(), f[3].trim(), f[4].trim(), severity, f[7].trim(), f[8].trim(),
                f[9].trim(), f[10].trim(), isTrue(f[11]), isTrue(f[12]), isTrue(f[13])));
    }

    private static String blank(String s) {
        return s.isEmpty() ? " " : s;
    }

    private static String bool(boolean b) {
        return b ? "True" : "False";
    }

    private static boolean isTrue(String s) {
        String t = s.trim();
        return t.equals("True") || t.equals("t");
    }
}
