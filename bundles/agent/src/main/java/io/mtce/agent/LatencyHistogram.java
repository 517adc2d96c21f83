package io.mtce.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable histogram of durations in microseconds with a fixed log-linear bucket layout: exact below 8 µs,
 * then 8 buckets per power of two, so a bucket is at most 12.5 % wide; durations beyond about 9.5 hours fall
 * into the last bucket. Percentiles are reported as the upper bound of their bucket: never below the true value.
 * Because the layout is fixed, two snapshots of one recorder can be subtracted to get the histogram of the
 * interval between them ({@link #minus}).
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 35;
    /** How many buckets the layout has. */
    public static final int BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB;

    /** One non-empty bucket: durations up to {@code upperMicros} (inclusive) from the bucket below. */
    public record Bucket(long upperMicros, long count) {
    }

    private static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS], 0);

    private final long[] counts;
    private final long maxMicros;
    private final long total;

    private LatencyHistogram(long[] counts, long maxMicros) {
        this.counts = counts;
        this.maxMicros = maxMicros;
        this.total = Arrays.stream(counts).sum();
    }

    public static LatencyHistogram empty() {
        return EMPTY;
    }

    /**
     * @param counts    per bucket, {@link #BUCKETS} of them, none negative (copied)
     * @param maxMicros the largest duration recorded, 0 when none
     */
    public static LatencyHistogram of(long[] counts, long maxMicros) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("expected " + BUCKETS + " bucket counts, got " + counts.length);
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative bucket count " + c);
            }
        }
        return new LatencyHistogram(counts.clone(), Math.max(0, maxMicros));
    }

    /** The bucket a duration of {@code micros} falls into. */
    public static int bucketOf(long micros) {
        if (micros < SUB) {
            return (int) Math.max(0, micros);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
        return SUB + (exponent - SUB_BITS) * SUB + sub;
    }

    /** The largest duration, in µs, that falls into {@code bucket}. */
    public static long upperMicros(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int shift = (bucket - SUB) / SUB;
        int sub = (bucket - SUB) % SUB;
        return ((long) (SUB + sub + 1) << shift) - 1;
    }

    public long count() {
        return total;
    }

    public long maxMicros() {
        return maxMicros;
    }

    /**
     * The nearest-rank {@code percent} percentile, as the upper bound of its bucket but never above the maximum.
     *
     * @param percent in (0, 100]
     * @return 0 when the histogram is empty
     */
    public long percentileMicros(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percent);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(percent / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return maxMicros > 0 ? Math.min(upperMicros(i), maxMicros) : upperMicros(i);
            }
        }
        return maxMicros;
    }

    /** The non-empty buckets, in increasing order. */
    public List<Bucket> buckets() {
        List<Bucket> out = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                out.add(new Bucket(upperMicros(i), counts[i]));
            }
        }
        return out;
    }

    /**
     * What was recorded after {@code earlier}, a snapshot of the same recorder. The maximum is this one's, since
     * the interval's own maximum is not known.
     *
     * @throws IllegalArgumentException when {@code earlier} has a bucket this one has fewer of
     */
    public LatencyHistogram minus(LatencyHistogram earlier) {
        long[] diff = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            diff[i] = counts[i] - earlier.counts[i];
            if (diff[i] < 0) {
                throw new IllegalArgumentException("not an earlier snapshot of the same recorder (bucket " + i
                        + ")");
            }
        }
        return new LatencyHistogram(diff, maxMicros);
    }

    @Override
    public String toString() {
        return "n=" + total + " p50=" + percentileMicros(50) + "us p99=" + percentileMicros(99) + "us max="
                + maxMicros + "us";
    }
}
