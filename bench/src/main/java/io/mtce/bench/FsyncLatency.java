package io.mtce.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of one durable flag-file write on this disk, step by step as io.mtce.durable does it: write a small temp
 * file and fsync it ({@code force(true)}), rename it over the flag file, fsync the directory. Convergence (section 4
 * of BENCHMARKS.md) is a chain of such fsyncs, so their latency explains its figures. Works in a fresh directory
 * that it creates under DIR and removes again.
 */
public final class FsyncLatency {
    private FsyncLatency() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FsyncLatency DIR ITERATIONS");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        if (n < 1) {
            throw new IllegalArgumentException("ITERATIONS must be at least 1, not " + n);
        }
        Path dir = Files.createTempDirectory(Path.of(args[0]), "fsync-latency");
        long[] file = new long[n];
        long[] directory = new long[n];
        Path temp = dir.resolve(".node_locked.tmp");
        Path target = dir.resolve(".node_locked");
        byte[] content = "locked\n".getBytes(StandardCharsets.US_ASCII);
        try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
            for (int i = 0; i < n; i++) {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(ByteBuffer.wrap(content));
                    long t0 = System.nanoTime();
                    ch.force(true);
                    file[i] = System.nanoTime() - t0;
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                long t0 = System.nanoTime();
                dirChannel.force(true);
                directory[i] = System.nanoTime() - t0;
            }
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(target);
            Files.deleteIfExists(dir);
        }
        Path parent = dir.getParent();
        System.out.println("# " + n + " durable writes in " + parent + " (" + Files.getFileStore(parent).type()
                + "); nearest-rank percentiles");
        print("file fsync", file);
        print("dir fsync", directory);
    }

    private static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "%-10s n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms mean=%.2f ms%n", name,
                sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1] / 1e6, mean);
    }

    private static double rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
