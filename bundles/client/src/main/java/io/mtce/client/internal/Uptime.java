package io.mtce.client.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Seconds since boot, as mtcAlive parm[0] reports it. */
final class Uptime {
    private static final Path PROC_UPTIME = Path.of("/proc/uptime");

    private Uptime() {
    }

    /** The first field of /proc/uptime; where that cannot be read, the JVM's uptime. */
    static int secondsSinceBoot() {
        try {
            String first = Files.readString(PROC_UPTIME).strip().split("\\s+")[0];
            return (int) Math.min(Integer.MAX_VALUE, (long) Double.parseDouble(first));
        } catch (IOException | RuntimeException e) {
            return (int) (ManagementFactory.getRuntimeMXBean().getUptime() / 1000L);
        }
    }
}
