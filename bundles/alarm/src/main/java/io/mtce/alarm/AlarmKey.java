package io.mtce.alarm;

import java.util.Objects;

/**
 * What identifies one alarm in a fault manager: its id and the entity instance it is raised against. Clearing an
 * alarm names only this.
 *
 * @param id             e.g. {@code 200.003}
 * @param entityInstance e.g. {@code host=compute-0}
 */
public record AlarmKey(String id, String entityInstance) {

    public AlarmKey {
        Alarm.checkField("alarm id", id, false);
        Alarm.checkField("entity instance", entityInstance, false);
    }

    /** The key of alarm {@code id} against host {@code hostname}. */
    public static AlarmKey ofHost(String id, String hostname) {
        return new AlarmKey(id, Alarm.hostInstance(Objects.requireNonNull(hostname, "hostname")));
    }

    @Override
    public String toString() {
        return id + " " + entityInstance;
    }
}
