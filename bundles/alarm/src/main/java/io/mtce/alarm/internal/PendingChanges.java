package io.mtce.alarm.internal;

import io.mtce.alarm.Alarm;
import io.mtce.alarm.AlarmKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The command sink's queue: at most one change per alarm (id and entity instance), the last one offered winning,
 * bounded, never blocking the offering thread. When it is full, a change for a new alarm pushes out the oldest
 * waiting change, which is counted as dropped. A failed change waits for its retry here, unless a newer change of
 * the same alarm arrived meanwhile (then the failed one is obsolete).
 */
final class PendingChanges {

    /**
     * One change to run.
     *
     * @param key      the alarm
     * @param alarm    the alarm to set, or {@code null} to clear it
     * @param attempts runs that failed so far
     * @param dueNanos when it may run (after a failure, the back-off)
     */
    record Change(AlarmKey key, Alarm alarm, int attempts, long dueNanos) {
        boolean isSet() {
            return alarm != null;
        }
    }

    private final int capacity;
    private final LongSupplier nanoTime;
    private final Map<AlarmKey, Change> waiting = new LinkedHashMap<>();
    private long dropped;
    private long coalesced;
    private boolean closed;

    PendingChanges(int capacity, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue size " + capacity + " < 1");
        }
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** Queues a set ({@code alarm} non-null) or a clear of {@code key}; returns the change it pushed out, if any. */
    synchronized Change offer(AlarmKey key, Alarm alarm) {
        Change change = new Change(key, alarm, 0, nanoTime.getAsLong());
        Change evicted = null;
        if (waiting.remove(key) != null) {
            coalesced++;
        } else if (waiting.size() >= capacity) {
            Iterator<Change> oldest = waiting.values().iterator();
            evicted = oldest.next();
            oldest.remove();
            dropped++;
        }
        waiting.put(key, change);
        notifyAll();
        return evicted;
    }

    /** Puts a failed change back to run after {@code delayMs}, unless a newer change of its alarm is waiting. */
    synchronized boolean retry(Change failed, long delayMs) {
        if (closed || waiting.containsKey(failed.key())) {
            return false;
        }
        if (waiting.size() >= capacity) {
            dropped++;
            return false;
        }
        waiting.put(failed.key(), new Change(failed.key(), failed.alarm(), failed.attempts() + 1,
                nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delayMs)));
        notifyAll();
        return true;
    }

    /** The oldest change that is due, waiting for one; {@code null} once closed. */
    synchronized Change take() throws InterruptedException {
        while (!closed) {
            long now = nanoTime.getAsLong();
            long wait = Long.MAX_VALUE;
            for (Iterator<Change> it = waiting.values().iterator(); it.hasNext();) {
                Change c = it.next();
                if (c.dueNanos() - now <= 0) {
                    it.remove();
                    return c;
                }
                wait = Math.min(wait, c.dueNanos() - now);
            }
            if (wait == Long.MAX_VALUE) {
                wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(this, wait);
            }
        }
        return null;
    }

    /** Stops {@link #take}; returns how many changes were still waiting. */
    synchronized int close() {
        closed = true;
        notifyAll();
        return waiting.size();
    }

    synchronized int size() {
        return waiting.size();
    }

    /** Changes pushed out by a full queue, since the start. */
    synchronized long dropped() {
        return dropped;
    }

    /** Changes replaced by a later one of the same alarm before they ran. */
    synchronized long coalesced() {
        return coalesced;
    }
}
