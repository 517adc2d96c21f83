package io.mtce.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lock/unlock soak against a running embedded-default container (run by bench/soak.sh, inside the container's
 * private network namespace). Every period (1 s) one cycle: POST lock, wait until the agent has the client's ack
 * ({@code pending} none), check both node-locked files are present; POST unlock, wait likewise, check both are
 * absent. A file check that is wrong, or a change not acknowledged in 10 s, is a failure (counted, detailed on
 * stderr); the exit status is 1 when there was any.
 *
 * <p>Every sample interval, one TSV row: the JVM's RSS, its live heap (jcmd GC.run, then GC.heap_info: the shipped
 * flags turn off hsperfdata, so jstat cannot see the JVM, and a full GC first makes "used" the live set rather than
 * wherever the young generation happened to be), metaspace, open file descriptors, threads, the files and bytes
 * under data/ (the inventory and whatever else is left there, temp files included; not the two flag files and the
 * journal, which come and go with every change and are checked after each, nor the framework cache and the class-data
 * archive), the container
 * log's bytes, CPU, and the change latency (POST to acknowledged) of the interval.
 */
public final class SoakDriver {
    static final String HEADER = "elapsed_s\tcycles\tfailures\toverruns\tjournal_left\trss_kb\theap_live_kb"
            + "\tmetaspace_kb\tfds\tthreads\tdata_files\tdata_bytes\tlog_bytes\tcpu_pct\tchange_p50_ms"
            + "\tchange_p99_ms\tchange_max_ms\tload1";
    private static final Pattern PENDING = Pattern.compile("\"pending\"\\s*:\\s*\"([a-z_]+)\"");
    private static final long ACK_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_REPORTED_FAILURES = 50;

    /** HTTP/1.1: the JDK's default HTTP/2 asks the first request of a connection for an h2c upgrade. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI hostUri;
    private final long pid;
    private final Path home;
    private final String authorization;
    private final Path log;
    private final Path volatileFile;
    private final Path backupFile;
    private final Path journalFile;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong journalLeft = new AtomicLong();
    /** Change latencies (µs) since the last sample. */
    private final List<Long> changes = new ArrayList<>();
    private final long t0 = System.nanoTime();
    private long lastCpuTicks = -1;
    private long lastSampleNs;

    private SoakDriver(String host, long pid, Path home, Path log) {
        this.hostUri = URI.create("http://127.0.0.1:8089/mtce/api/hosts/" + host);
        this.pid = pid;
        this.home = home;
        this.authorization = ApiAuth.authorization(home);
        this.log = log;
        this.volatileFile = home.resolve("data/var/run/.node_locked");
        this.backupFile = home.resolve("data/var/persist/mtc/.node_locked");
        this.journalFile = home.resolve("data/var/persist/mtc/.node_locked.intent");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: SoakDriver MTCE_HOME PID CONTAINER_LOG SECONDS SAMPLE_SECONDS TSV");
            System.exit(2);
        }
        SoakDriver d = new SoakDriver("controller-0", Long.parseLong(args[1]), Path.of(args[0]), Path.of(args[2]));
        long seconds = Long.parseLong(args[3]);
        long sample = Long.parseLong(args[4]);
        if (seconds <= 0 || sample <= 0) {
            throw new IllegalArgumentException("SECONDS and SAMPLE_SECONDS must be > 0: " + seconds + ", " + sample);
        }
        System.exit(d.run(seconds, sample, Path.of(args[5])) == 0 ? 0 : 1);
    }

    private long run(long seconds, long sampleSeconds, Path tsv) throws Exception {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-sampler");
            t.setDaemon(true);
            return t;
        });
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tsv), true)) {
            out.println(HEADER);
            awaitPendingNone("start");
            if (Files.exists(volatileFile) || Files.exists(backupFile)) {
                change("unlock", false); // start from unlocked
            }
            sample(out); // the baseline, before the first cycle
            sampler.scheduleAtFixedRate(() -> sampleOrDie(out), sampleSeconds, sampleSeconds, TimeUnit.SECONDS);
            long period = TimeUnit.SECONDS.toNanos(1);
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            long next = System.nanoTime();
            while (next < end) {
                change("lock", true);
                change("unlock", false);
                cycles.incrementAndGet();
                next += period;
                long now = System.nanoTime();
                if (now > next) {
                    overruns.incrementAndGet();
                    next = now; // late: the next cycle starts at once, the schedule is not caught up in a burst
                } else {
                    TimeUnit.NANOSECONDS.sleep(next - now);
                }
            }
            sampler.shutdown();
            sampler.awaitTermination(2, TimeUnit.MINUTES); // a sample in progress finishes
            sample(out); // the last, at the end of the run
        }
        System.out.printf(Locale.ROOT, "soak: %d cycles (%d changes), %d file-check failures, %d overruns, "
                + "journal present after an ack %d times%n", cycles.get(), 2 * cycles.get(), failures.get(),
                overruns.get(), journalLeft.get());
        return failures.get();
    }

    /** One change: POST, wait for the ack, check the two files. Failures are counted, never thrown. */
    private void change(String op, boolean locked) throws InterruptedException {
        long start = System.nanoTime();
        try {
            HttpRequest post = HttpRequest.newBuilder(URI.create(hostUri + "/" + op))
                    .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                fail(op + ": POST answered " + r.statusCode() + " " + r.body());
                awaitPendingNone(op);
                return;
            }
            if (!awaitPendingNone(op)) {
                return;
            }
        } catch (IOException e) {
            fail(op + ": " + e);
            return;
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        synchronized (changes) {
            changes.add(micros);
        }
        boolean v = Files.exists(volatileFile);
        boolean b = Files.exists(backupFile);
        if (v != locked || b != locked) {
            String files = "volatile " + (v ? "present" : "absent") + ", backup " + (b ? "present" : "absent");
            fail(op + " acknowledged but " + files + " (" + volatileFile + ", " + backupFile + "); "
                    + rightAgain(locked));
        }
        if (Files.exists(journalFile)) {
            journalLeft.incrementAndGet();
        }
    }

    /** For the failure's report: how long until both files are right again by themselves (at most 2 s). */
    private String rightAgain(boolean locked) throws InterruptedException {
        long t = System.nanoTime();
        while (System.nanoTime() - t < TimeUnit.SECONDS.toNanos(2)) {
            if (Files.exists(volatileFile) == locked && Files.exists(backupFile) == locked) {
                return String.format(Locale.ROOT, "right again %.1f ms later", (System.nanoTime() - t) / 1e6);
            }
            Thread.sleep(1);
        }
        return "still wrong 2 s later";
    }

    private void fail(String what) {
        long n = failures.incrementAndGet();
        if (n <= MAX_REPORTED_FAILURES) {
            System.err.printf(Locale.ROOT, "soak: failure %d at %.1f s, cycle %d: %s%n", n, elapsed(), cycles.get(),
                    what);
        }
    }

    /** Polls GET every 2 ms until pending is none; false (and a failure counted) after 10 s. */
    private boolean awaitPendingNone(String op) throws InterruptedException {
        long deadline = System.nanoTime() + ACK_TIMEOUT_NS;
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(hostUri).timeout(Duration.ofSeconds(10))
                        .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
                body = r.body();
                Matcher m = PENDING.matcher(body);
                if (r.statusCode() == 200 && m.find() && "none".equals(m.group(1))) {
                    return true;
                }
            } catch (IOException e) {
                body = e.toString();
            }
            Thread.sleep(2);
        }
        fail(op + ": not acknowledged (pending not none) in 10 s: " + body);
        return false;
    }

    private void sampleOrDie(PrintWriter out) {
        try {
            sample(out);
        } catch (Exception e) {
            System.err.println("soak: sampling failed: " + e);
        }
    }

    private synchronized void sample(PrintWriter out) throws IOException, InterruptedException {
        long now = System.nanoTime();
        long rss = statusKb("VmRSS:");
        long threads = statusKb("Threads:");
        JvmHeap.Live live = JvmHeap.afterFullGc(pid);
        long heap = live.heapKb();
        long metaspace = live.metaspaceKb();
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = s.count();
        }
        long[] data = dataFiles();
        long cpu = cpuTicks();
        double cpuPct = lastCpuTicks < 0 ? 0 : 100.0 * (cpu - lastCpuTicks) / 100 / ((now - lastSampleNs) / 1e9);
        lastCpuTicks = cpu;
        lastSampleNs = now;
        long[] lat;
        synchronized (changes) {
            lat = changes.stream().mapToLong(Long::longValue).sorted().toArray();
            changes.clear();
        }
        String latency = lat.length == 0 ? "NaN\tNaN\tNaN" // no change in the interval (the first sample)
                : String.format(Locale.ROOT, "%.2f\t%.2f\t%.2f", pct(lat, 50) / 1000.0, pct(lat, 99) / 1000.0,
                        pct(lat, 100) / 1000.0);
        out.printf(Locale.ROOT, "%.0f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%s\t%s%n", elapsed(),
                cycles.get(), failures.get(), overruns.get(), journalLeft.get(), rss, heap, metaspace, fds, threads,
                data[0], data[1], Files.size(log), cpuPct, latency,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** Regular files and their bytes under data/, without those that come and go with each change (see above). */
    private long[] dataFiles() throws IOException {
        Path data = home.resolve("data");
        long[] r = new long[2];
        try (Stream<Path> s = Files.walk(data)) {
            s.filter(p -> !p.startsWith(data.resolve("felix-cache")))
                    .filter(p -> !p.getFileName().toString().startsWith("felix-cache"))
                    .filter(p -> !p.getFileName().toString().startsWith("mtce.jsa"))
                    .filter(p -> !p.equals(volatileFile) && !p.equals(backupFile) && !p.equals(journalFile))
                    .filter(Files::isRegularFile).forEach(p -> {
                        r[0]++;
                        try {
                            r[1] += Files.size(p);
                        } catch (IOException e) {
                            r[0]--; // removed while walking (a journal, a temp file)
                        }
                    });
        } catch (java.io.UncheckedIOException e) {
            return dataFiles(); // a directory changed under the walk; walk again
        }
        return r;
    }

    private long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Nearest-rank percentile; 0 when there are none. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
