package io.mtce.flags.internal;

import io.mtce.durable.Syncer;
import io.mtce.flags.DesiredLock;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.helpers.NOPLogger;

/**
 * Run in a separate JVM by {@link CrashTest}: starts the flag files service on a directory (reconciling it), prints
 * {@code START <desired>}, then alternates lock (persist) and unlock forever, printing {@code ACK <n> <desired>}
 * after each change returned (that is, became durable). It is killed with SIGKILL at random points.
 */
public final class CrashDriver {

    private CrashDriver() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "US-ASCII");
        FlagSettings settings = FlagSettings.in(Path.of(args[0]));
        NodeLockFlagsComponent flags = new NodeLockFlagsComponent(settings, Syncer.FSYNC, true,
                NOPLogger.NOP_LOGGER);
        out.println("START " + flags.desired());
        for (long n = 1; ; n++) {
            if (flags.desired() == DesiredLock.UNLOCKED) {
                flags.lock(true);
            } else {
                flags.unlock();
            }
            out.println("ACK " + n + " " + flags.desired());
        }
    }
}
