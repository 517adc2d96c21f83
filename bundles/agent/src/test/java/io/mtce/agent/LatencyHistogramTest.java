package io.mtce.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static LatencyHistogram of(long... micros) {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        long max = 0;
        for (long m : micros) {
            counts[LatencyHistogram.bucketOf(m)]++;
            max = Math.max(max, m);
        }
        return LatencyHistogram.of(counts, max);
    }

    @Test
    void everyDurationFallsIntoTheBucketWhoseBoundsHoldItAndBucketsAreAtMostAnEighthWide() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long micros = i < 5000 ? i : random.nextLong(1L << 35);
            int bucket = LatencyHistogram.bucketOf(micros);
            long upper = LatencyHistogram.upperMicros(bucket);
            long lower = bucket == 0 ? 0 : LatencyHistogram.upperMicros(bucket - 1) + 1;
            assertTrue(lower <= micros && micros <= upper, micros + " in [" + lower + ", " + upper + "]");
            assertTrue(upper - lower + 1 <= Math.max(1, lower / 8), "bucket " + bucket + " too wide");
        }
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(Long.MAX_VALUE));
        assertEquals(0, LatencyHistogram.bucketOf(-5));
    }

    @Test
    void percentilesAreNearestRankBucketUpperBoundsCappedAtTheMaximum() {
        long[] micros = new long[100];
        for (int i = 0; i < 100; i++) {
            micros[i] = i < 98 ? 5 : 1000 + i; // 98 fast, 2 slow: 1098 and 1099
        }
        LatencyHistogram h = of(micros);
        assertEquals(100, h.count());
        assertEquals(5, h.percentileMicros(50));
        assertEquals(5, h.percentileMicros(98));
        long p99 = h.percentileMicros(99);
        assertTrue(p99 >= 1098 && p99 <= 1099, "p99 " + p99 + " is the slow bucket's bound, capped at the max");
        assertEquals(1099, h.percentileMicros(100));
        assertEquals(0, LatencyHistogram.empty().percentileMicros(99));
        assertThrows(IllegalArgumentException.class, () -> h.percentileMicros(0));
        assertThrows(IllegalArgumentException.class, () -> h.percentileMicros(100.5));
    }

    @Test
    void theDifferenceOfTwoSnapshotsIsTheIntervalBetweenThem() {
        LatencyHistogram before = of(3, 3, 40);
        LatencyHistogram after = of(3, 3, 40, 900, 900, 7);
        LatencyHistogram interval = after.minus(before);
        assertEquals(3, interval.count());
        assertEquals(List.of(new LatencyHistogram.Bucket(7, 1), new LatencyHistogram.Bucket(
                LatencyHistogram.upperMicros(LatencyHistogram.bucketOf(900)), 2)), interval.buckets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> before.minus(after));
        assertTrue(e.getMessage().contains("not an earlier snapshot"), e.getMessage());
    }

    @Test
    void malformedCountsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.of(new long[3], 0))
                .getMessage().contains("expected " + LatencyHistogram.BUCKETS));
        long[] negative = new long[LatencyHistogram.BUCKETS];
        negative[4] = -1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.of(negative, 0))
                .getMessage().contains("negative"));
    }
}
