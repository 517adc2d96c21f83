package io.mtce.alarm;

import java.util.Objects;

/**
 * A set alarm: what a fault manager records. The fields are those of StarlingX's {@code SFmAlarmDataT} that an
 * alarm's publisher chooses (the fault manager adds the uuid and the time).
 *
 * @param id               e.g. {@code 200.003}
 * @param entityType       e.g. {@code system.host}
 * @param entityInstance   e.g. {@code host=compute-0}
 * @param severity         how bad it is
 * @param reason           the text an operator reads, e.g. {@code compute-0 pxeboot network communication failure}
 * @param alarmType        the fault manager's alarm type name, e.g. {@code communication}
 * @param probableCause    the fault manager's probable cause name, e.g. {@code not-applicable}
 * @param repairAction     what an operator should do
 * @param serviceAffecting whether the alarm affects service
 * @param suppression      whether an operator may suppress it
 * @param inhibitAlarms    whether it inhibits the entity's other alarms (hierarchical suppression)
 */
public record Alarm(String id, String entityType, String entityInstance, AlarmSeverity severity, String reason,
        String alarmType, String probableCause, String repairAction, boolean serviceAffecting, boolean suppression,
        boolean inhibitAlarms) {

    /** The entity type of every host alarm. */
    public static final String HOST_ENTITY_TYPE = "system.host";

    /**
     * @throws IllegalArgumentException when a text field is empty where it may not be, or holds a line break or the
     *                                  fault manager's field separator {@code ###}
     */
    public Alarm {
        checkField("alarm id", id, false);
        checkField("entity type", entityType, false);
        checkField("entity instance", entityInstance, false);
        Objects.requireNonNull(severity, "severity");
        checkField("reason", reason, true);
        checkField("alarm type", alarmType, false);
        checkField("probable cause", probableCause, false);
        checkField("repair action", repairAction, true);
    }

    public AlarmKey key() {
        return new AlarmKey(id, entityInstance);
    }

    /** {@code host=<hostname>}, StarlingX's entity instance of a host. */
    public static String hostInstance(String hostname) {
        return "host=" + hostname;
    }

    /** The host name of a {@code host=<name>} entity instance, or {@code null} for another entity. */
    public static String hostOf(String entityInstance) {
        return entityInstance.startsWith("host=") && entityInstance.indexOf('.') < 0
                ? entityInstance.substring("host=".length()) : null;
    }

    static void checkField(String what, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, what);
        if (!mayBeEmpty && value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (value.contains("###") || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " '" + value + "' holds '###' or a line break");
        }
    }
}
