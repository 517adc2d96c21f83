package io.mtce.transport.log;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings about what peers send, at most one line per key (sender and reason) per interval; the next line says
 * how many were suppressed. A flood of bad datagrams therefore cannot flood the log.
 */
public final class RateLimitedLog {
    private static final int MAX_KEYS = 1024;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long start;
        long suppressed;
    }

    public RateLimitedLog(Logger log, long intervalMillis, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanoTime = nanoTime;
    }

    /** Logs {@code message} at warn unless a line with the same {@code key} was logged within the interval. */
    public void warn(String key, String message) {
        warnIfDue(key, message);
    }

    /** As {@link #warn}, telling whether the line was logged, for a caller whose follow-up lines share its limit. */
    public synchronized boolean warnIfDue(String key, String message) {
        long now = nanoTime.getAsLong();
        Window w = windows.get(key);
        if (w != null && now - w.start < intervalNanos) {
            w.suppressed++;
            return false;
        }
        if (w == null) {
            if (windows.size() >= MAX_KEYS) {
                expire(now);
            }
            w = new Window();
            windows.put(key, w);
        }
        long suppressed = w.suppressed;
        w.start = now;
        w.suppressed = 0;
        if (suppressed > 0) {
            log.warn("{} ({} similar suppressed)", message, suppressed);
        } else {
            log.warn(message);
        }
        return true;
    }

    private void expire(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            if (now - it.next().start >= intervalNanos) {
                it.remove();
            }
        }
        if (windows.size() >= MAX_KEYS) {
            windows.clear(); // all recent: forget them rather than grow without bound
        }
    }
}
