package io.mtce.alarm;

import java.util.Locale;

/** The severity of a set alarm, as the fault manager names it ({@code fmClientCli}'s strings). */
public enum AlarmSeverity {
    WARNING, MINOR, MAJOR, CRITICAL;

    /** {@code warning}, {@code minor}, {@code major} or {@code critical}. */
    public String fmName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but the four names above */
    public static AlarmSeverity fromFmName(String name) {
        for (AlarmSeverity s : values()) {
            if (s.fmName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown alarm severity '" + name + "'");
    }
}
