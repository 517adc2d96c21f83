package io.mtce.itests.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Count, nearest-rank p50 and p99, max and mean of a set of durations in ms. */
record LatencyStats(int n, double p50, double p99, double max, double mean) {

    static LatencyStats of(List<Double> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LatencyStats(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 99),
                sorted[sorted.length - 1], Arrays.stream(sorted).average().orElseThrow());
    }

    /** The smallest sample with at least {@code p} % of the samples at or below it. */
    private static double nearestRank(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** "| n | p50 | p99 | max | mean |" with two decimals. */
    String row() {
        return String.format(Locale.ROOT, "| %4d | %8.2f | %8.2f | %8.2f | %8.2f |", n, p50, p99, max, mean);
    }
}
