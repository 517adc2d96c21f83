package io.mtce.protocol.auth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Thread-safe counters of rejected datagrams, one per {@link Rejection}. */
public final class RejectionCounts {
    private static final Rejection[] REASONS = Rejection.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    /** @return the count of {@code reason} after this one */
    public long increment(Rejection reason) {
        return counts.incrementAndGet(reason.ordinal());
    }

    public long get(Rejection reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long sum = 0;
        for (int i = 0; i < REASONS.length; i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** The non-zero counts now. */
    public Map<Rejection, Long> snapshot() {
        Map<Rejection, Long> out = new EnumMap<>(Rejection.class);
        for (Rejection r : REASONS) {
            long n = counts.get(r.ordinal());
            if (n > 0) {
                out.put(r, n);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
