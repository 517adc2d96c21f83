package io.mtce.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Judges a soak TSV (SoakDriver's) "flat after warm-up": for each resource series, the slope of the samples after
 * the warm-up, per hour, against a tolerance (an absolute figure or a share of the series' mean, whichever is
 * larger). The slope is Theil–Sen's (the median of the slopes between every two samples), not least squares': a
 * sample that catches work in flight (a full inventory being saved, a temp file beside it) is an outlier that would
 * tilt a least-squares line either way, while a leak moves every sample. Only a rising series is a leak; one that
 * falls by more than the tolerance is reported as falling. The container log is judged apart: its growth per
 * lock/unlock cycle (slope of log bytes against cycles) and what that makes in an hour and a day. A run whose
 * judged window is under 10 minutes is too short to judge; the slopes are still printed.
 */
public final class SoakSummary {
    static final double MIN_WINDOW_S = 600;

    /** A judged series: TSV column, name, unit divisor (of the column's unit), unit, tolerances per hour. */
    record Series(String column, String name, double divisor, String unit, double absPerHour, double relPerHour) {
    }

    static final List<Series> SERIES = List.of(
            new Series("rss_kb", "RSS", 1024, "MB", 4, 0.05),
            new Series("heap_live_kb", "heap after full GC", 1024, "MB", 1, 0.05),
            new Series("metaspace_kb", "metaspace", 1024, "MB", 0.5, 0.02),
            new Series("fds", "open file descriptors", 1, "", 2, 0),
            new Series("threads", "threads", 1, "", 2, 0),
            new Series("data_files", "files in data/", 1, "", 1, 0),
            new Series("data_bytes", "bytes in data/", 1024, "KB", 16, 0.01));

    /** A line y = intercept + slope x, and the mean of y. */
    record Fit(double slope, double intercept, double mean) {
        /** Theil–Sen: the median of the pairwise slopes, the median of y - slope x as intercept. */
        static Fit robust(double[] x, double[] y) {
            int n = x.length;
            double[] slopes = new double[n * (n - 1) / 2];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    slopes[k++] = x[j] == x[i] ? 0 : (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
            double slope = median(Arrays.copyOf(slopes, k));
            double[] rest = new double[n];
            for (int i = 0; i < n; i++) {
                rest[i] = y[i] - slope * x[i];
            }
            return new Fit(slope, median(rest), Arrays.stream(y).average().orElse(0));
        }

        private static double median(double[] v) {
            if (v.length == 0) {
                return 0;
            }
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        /** Least squares. */
        static Fit of(double[] x, double[] y) {
            int n = x.length;
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                mx += x[i] / n;
                my += y[i] / n;
            }
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            return new Fit(slope, my - slope * mx, my);
        }
    }

    /** The TSV as columns of numbers. */
    record Table(List<String> header, List<double[]> rows) {
        static Table read(Path tsv) throws IOException {
            List<String> lines = Files.readAllLines(tsv).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            if (lines.isEmpty()) {
                throw new IOException(tsv + " is empty");
            }
            List<String> header = List.of(lines.get(0).split("\t"));
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t");
                if (cells.length != header.size()) {
                    throw new IOException(tsv + ": " + cells.length + " cells, the header has " + header.size()
                            + ": " + line);
                }
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = Double.parseDouble(cells[i]);
                }
                rows.add(row);
            }
            return new Table(header, rows);
        }

        double[] column(String name, double fromSeconds) {
            int c = index(name);
            int t = index("elapsed_s");
            return rows.stream().filter(r -> r[t] >= fromSeconds).mapToDouble(r -> r[c]).toArray();
        }

        int index(String name) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name + " in " + header);
            }
            return i;
        }

        double last(String name) {
            return rows.get(rows.size() - 1)[index(name)];
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SoakSummary TSV WARMUP_SECONDS");
            System.exit(2);
        }
        System.out.print(summarize(Table.read(Path.of(args[0])), Double.parseDouble(args[1])));
    }

    static String summarize(Table t, double warmup) {
        StringBuilder out = new StringBuilder();
        double[] time = t.column("elapsed_s", warmup);
        double window = time.length == 0 ? 0 : time[time.length - 1] - time[0];
        boolean judged = window >= MIN_WINDOW_S && time.length >= 3;
        out.append(String.format(Locale.ROOT, "# %d samples over %.0f s; judged after %.0f s of warm-up: %d samples "
                + "over %.0f s%s%n", t.rows().size(), t.last("elapsed_s"), warmup, time.length, window,
                judged ? "" : " (under " + (int) MIN_WINDOW_S + " s: too short to judge, slopes shown only)"));
        out.append(String.format(Locale.ROOT, "%-24s %12s %12s %14s %14s  %s%n", "series", "first", "mean after",
                "slope per h", "tolerance/h", "verdict (Theil-Sen slope)"));
        List<String> notFlat = new ArrayList<>();
        for (Series s : SERIES) {
            double[] y = t.column(s.column(), warmup);
            if (y.length < 2) {
                continue;
            }
            Fit f = Fit.robust(time, y);
            double perHour = f.slope() * 3600 / s.divisor();
            double mean = f.mean() / s.divisor();
            double tolerance = Math.max(s.absPerHour(), s.relPerHour() * Math.abs(mean));
            boolean flat = Math.abs(perHour) <= tolerance;
            if (judged && perHour > tolerance) {
                notFlat.add(s.name());
            }
            out.append(String.format(Locale.ROOT, "%-24s %12s %12s %14s %14s  %s%n", s.name(),
                    fmt(t.column(s.column(), 0)[0] / s.divisor(), s.unit()), fmt(mean, s.unit()),
                    (perHour >= 0 ? "+" : "") + fmt(perHour, s.unit()), fmt(tolerance, s.unit()),
                    !judged ? "-" : flat ? "flat" : perHour > 0 ? "GROWING" : "falling"));
        }
        double[] cycles = t.column("cycles", warmup);
        double[] log = t.column("log_bytes", warmup);
        double perCycle = cycles.length >= 2 ? Fit.of(cycles, log).slope() : 0;
        double cycleRate = window > 0 && cycles.length >= 2 ? (cycles[cycles.length - 1] - cycles[0]) / window : 0;
        out.append(String.format(Locale.ROOT, "container log: %.0f bytes per lock/unlock cycle (%.0f per change); "
                + "at %.2f cycles/s that is %.1f MB per hour, %.0f MB per day; %.1f MB at the end%n", perCycle,
                perCycle / 2, cycleRate, perCycle * cycleRate * 3600 / 1e6, perCycle * cycleRate * 86400 / 1e6,
                t.last("log_bytes") / 1e6));
        double[] p99 = t.column("change_p99_ms", warmup);
        List<Integer> withChanges = IntStream.range(0, p99.length).filter(i -> Double.isFinite(p99[i])).boxed()
                .toList();
        if (withChanges.size() >= 2) {
            double[] x = withChanges.stream().mapToDouble(i -> time[i]).toArray();
            double[] y = withChanges.stream().mapToDouble(i -> p99[i]).toArray();
            double[] sorted = y.clone();
            Arrays.sort(sorted);
            out.append(String.format(Locale.ROOT, "change latency (POST to ack), per-sample p99: median %.2f ms, "
                    + "worst %.2f ms, slope %+.2f ms per hour; worst single change %.2f ms%n",
                    sorted[sorted.length / 2],
                    sorted[sorted.length - 1], Fit.of(x, y).slope() * 3600,
                    Arrays.stream(t.column("change_max_ms", warmup)).filter(Double::isFinite).max().orElse(0)));
        }
        out.append(String.format(Locale.ROOT, "cycles %.0f, file-check failures %.0f, overruns (cycle over 1 s) %.0f, "
                + "journal still present after an ack %.0f%n", t.last("cycles"), t.last("failures"),
                t.last("overruns"), t.last("journal_left")));
        String verdict = !judged ? "not judged (run too short)"
                : notFlat.isEmpty() ? "no growth after warm-up" : "GROWING: " + String.join(", ", notFlat);
        out.append("verdict: ").append(verdict).append(", files ")
                .append(t.last("failures") == 0 ? "right after every cycle" : "WRONG " + (long) t.last("failures")
                        + " times")
                .append('\n');
        return out.toString();
    }

    private static String fmt(double v, String unit) {
        String n = Math.abs(v) >= 100 || unit.isEmpty() && v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? n : n + " " + unit;
    }
}
