package io.mtce.protocol.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Rejects authenticated datagrams that are too old, too far in the future, or already seen. A datagram's sender
 * stamp (microseconds since the epoch) must lie within {@code window} of the receiver's clock; the MACs of the
 * datagrams accepted within that span are remembered, so an exact copy is refused whatever source it comes from.
 * The memory is bounded: when {@code capacity} datagrams are remembered, the oldest is forgotten and nothing
 * stamped at or before it is accepted any more. Thread-safe.
 */
public final class ReplayWindow {
    /** Remembered datagrams at most: about 1000 hosts x 3 networks at one mtcAlive per second over 20 s. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private record Seen(long stamp, byte[] tag) implements Comparable<Seen> {
        @Override
        public int compareTo(Seen o) {
            int c = Long.compare(stamp, o.stamp);
            return c != 0 ? c : Arrays.compare(tag, o.tag);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && s.stamp == stamp && Arrays.equals(s.tag, tag);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(stamp) * 31 + Arrays.hashCode(tag);
        }
    }

    private final long windowMicros;
    private final int capacity;
    private final TreeSet<Seen> seen = new TreeSet<>();
    private long floor = Long.MIN_VALUE;

    /**
     * @param window how far a sender's clock may be from ours, either way; > 0
     * @param capacity how many datagrams are remembered at most; > 0
     */
    public ReplayWindow(Duration window, int capacity) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the replay window must be positive, got " + window);
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("the replay window capacity must be positive, got " + capacity);
        }
        this.windowMicros = window.toNanos() / 1000L;
        this.capacity = capacity;
    }

    public Duration window() {
        return Duration.ofNanos(windowMicros * 1000L);
    }

    /**
     * Records an authenticated datagram unless it is stale or a replay.
     *
     * @param stamp the sender's stamp, microseconds since the epoch
     * @param tag the datagram's MAC (identifies it)
     * @param now the receiver's clock, microseconds since the epoch
     * @return {@code null} when accepted, else {@link Rejection#STALE} or {@link Rejection#REPLAYED}
     */
    public synchronized Rejection admit(long stamp, byte[] tag, long now) {
        if (stamp < now - windowMicros || stamp > now + windowMicros || stamp <= floor) {
            return Rejection.STALE;
        }
        while (!seen.isEmpty() && seen.first().stamp() < now - windowMicros) {
            seen.pollFirst(); // a copy of it would be stale now
        }
        Seen entry = new Seen(stamp, tag.clone());
        if (seen.contains(entry)) {
            return Rejection.REPLAYED;
        }
        if (seen.size() >= capacity) {
            floor = Math.max(floor, seen.pollFirst().stamp());
            if (stamp <= floor) {
                return Rejection.STALE;
            }
        }
        seen.add(entry);
        return null;
    }

    /** How many datagrams are remembered now. */
    public synchronized int size() {
        return seen.size();
    }
}
