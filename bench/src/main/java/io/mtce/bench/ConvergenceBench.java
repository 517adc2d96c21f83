package io.mtce.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-system lock convergence and tamper correction against a running embedded-default container (run by
 * bench/convergence.sh, inside the container's private network namespace). All times are from just before the
 * action (REST POST, or the hand-made delete/create) to the moment the two node-locked files are in the target
 * state <em>and</em> the client's change journal ({@code .node_locked.intent}) is gone: the flags bundle removes the
 * journal only once both files are durable (temp write + fsync + rename + directory fsync each), so its removal
 * marks the end of the fsyncs. {@code files_us} is the earlier moment both files were in the target state.
 * Observed with a java.nio WatchService (inotify) on both directories; the state is re-checked after every event.
 * The wait for {@code pending} to be {@code none} between iterations is not counted. Loopback only, bounded.
 */
public final class ConvergenceBench {
    private static final Pattern PENDING = Pattern.compile("\"pending\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern ADMIN = Pattern.compile("\"admin\"\\s*:\\s*\"([a-z_]+)\"");
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI hostUri;
    private final Path volatileFile;
    private final Path backupFile;
    private final Path journalFile;
    private final WatchService watcher;
    private final PrintWriter raw;
    private long filesNs;

    private ConvergenceBench(String base, String host, Path home, PrintWriter raw) throws IOException {
        URI b = URI.create(base);
        if (!"127.0.0.1".equals(b.getHost()) && !"localhost".equals(b.getHost())) {
            throw new IllegalArgumentException(base + " is not loopback");
        }
        this.hostUri = b.resolve("/mtce/api/hosts/" + host);
        this.volatileFile = home.resolve("data/var/run/.node_locked");
        this.backupFile = home.resolve("data/var/persist/mtc/.node_locked");
        this.journalFile = home.resolve("data/var/persist/mtc/.node_locked.intent");
        this.raw = raw;
        this.watcher = FileSystems.getDefault().newWatchService();
        for (Path dir : List.of(volatileFile.getParent(), backupFile.getParent())) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ConvergenceBench MTCE_HOME LOCK_ITERATIONS TAMPER_ITERATIONS WARMUP RAW_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int tamper = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        try (PrintWriter raw = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])), true)) {
            raw.println("# kind iteration files_us done_us");
            ConvergenceBench b = new ConvergenceBench("http://127.0.0.1:8089", "controller-0", home, raw);
            b.run(n, tamper, warmup);
        }
    }

    private void run(int n, int tamper, int warmup) throws Exception {
        awaitPendingNone();
        if ("locked".equals(field(ADMIN, get()))) {
            change("unlock", false);
            awaitPendingNone();
        }
        for (int i = 0; i < warmup; i++) { // JIT and page cache, not recorded
            change("lock", true);
            awaitPendingNone();
            change("unlock", false);
            awaitPendingNone();
        }
        List<long[]> lock = new ArrayList<>(n);
        List<long[]> unlock = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            lock.add(record("lock", i, change("lock", true)));
            awaitPendingNone();
            unlock.add(record("unlock", i, change("unlock", false)));
            awaitPendingNone();
        }
        List<long[]> delVolatile = new ArrayList<>(tamper);
        List<long[]> delBackup = new ArrayList<>(tamper);
        List<long[]> newVolatile = new ArrayList<>(tamper);
        List<long[]> newBackup = new ArrayList<>(tamper);
        if (tamper > 0) {
            change("lock", true);
            awaitPendingNone();
            for (int i = 1; i <= tamper; i++) {
                delVolatile.add(record("tamper-delete-volatile-locked", i, tamper(volatileFile, true)));
                delBackup.add(record("tamper-delete-backup-locked", i, tamper(backupFile, true)));
            }
            change("unlock", false);
            awaitPendingNone();
            for (int i = 1; i <= tamper; i++) {
                newVolatile.add(record("tamper-create-volatile-unlocked", i, tamper(volatileFile, false)));
                newBackup.add(record("tamper-create-backup-unlocked", i, tamper(backupFile, false)));
            }
        }
        System.out.println("# kind n | done_ms p50 p99 max mean | files_ms p50 p99 max mean");
        summary("lock", lock);
        summary("unlock", unlock);
        summary("tamper-delete-volatile-locked", delVolatile);
        summary("tamper-delete-backup-locked", delBackup);
        summary("tamper-create-volatile-unlocked", newVolatile);
        summary("tamper-create-backup-unlocked", newBackup);
        watcher.close();
    }

    private long[] record(String kind, int i, long doneNs) {
        long[] r = {filesNs / 1000, doneNs / 1000};
        raw.println(kind + " " + i + " " + r[0] + " " + r[1]);
        return r;
    }

    /** POSTs lock/unlock (retrying after a 409 once the previous change is acknowledged) and times convergence. */
    private long change(String op, boolean locked) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(hostUri + "/" + op))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        for (int attempt = 0; attempt < 50; attempt++) {
            drain();
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 409) {
                awaitPendingNone();
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + op + ": " + r.statusCode() + " " + r.body());
            }
            return awaitState(locked, t0);
        }
        throw new IllegalStateException("POST " + op + " refused (409) 50 times");
    }

    /** Deletes (locked) or creates (unlocked) one flag file by hand and times until both are right again. */
    private long tamper(Path file, boolean locked) throws Exception {
        awaitState(locked, System.nanoTime()); // start from the settled state
        drain();
        long t0 = System.nanoTime();
        if (locked) {
            Files.delete(file);
        } else {
            Files.writeString(file, "tampered\n");
        }
        return awaitState(locked, t0);
    }

    private boolean filesRight(boolean locked) {
        return Files.exists(volatileFile) == locked && Files.exists(backupFile) == locked;
    }

    /** Waits, event by event, for both files in the target state and the journal gone; returns ns since t0. */
    private long awaitState(boolean locked, long t0) throws InterruptedException {
        long deadline = t0 + TIMEOUT_NS;
        filesNs = -1;
        while (true) {
            boolean files = filesRight(locked);
            long now = System.nanoTime();
            if (files && filesNs < 0) {
                filesNs = now - t0;
            }
            if (files && !Files.exists(journalFile)) {
                return now - t0;
            }
            if (!files) {
                filesNs = -1; // not settled yet (e.g. the backup still being written)
            }
            if (now > deadline) {
                throw new IllegalStateException("no convergence to " + (locked ? "locked" : "unlocked")
                        + " in 10 s: volatile " + Files.exists(volatileFile) + ", backup " + Files.exists(backupFile)
                        + ", journal " + Files.exists(journalFile));
            }
            // Event driven; the 200 ms timeout is only a safety net against a missed event (never expected).
            WatchKey key = watcher.poll(200, TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
    }

    private void drain() {
        WatchKey key;
        try {
            while ((key = watcher.poll()) != null) {
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException e) {
            throw new IllegalStateException(e);
        }
    }

    private String get() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(hostUri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + hostUri + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String field(Pattern p, String json) {
        Matcher m = p.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + json);
        }
        return m.group(1);
    }

    /** Not timed: until the agent has the last change acknowledged (pending none), at most 20 s. */
    private void awaitPendingNone() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String body;
        while (!"none".equals(field(PENDING, body = get()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pending not none after 20 s: " + body);
            }
            Thread.sleep(1);
        }
    }

    private static void summary(String kind, List<long[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-32s %5d | %s | %s%n", kind, rows.size(), stats(rows, 1), stats(rows, 0));
    }

    private static String stats(List<long[]> rows, int col) {
        long[] v = rows.stream().mapToLong(r -> r[col]).sorted().toArray();
        double mean = Arrays.stream(v).average().orElse(0);
        return String.format(Locale.ROOT, "%7.2f %7.2f %7.2f %7.2f", pct(v, 50) / 1000.0, pct(v, 99) / 1000.0,
                v[v.length - 1] / 1000.0, mean / 1000.0);
    }

    /** Nearest-rank percentile. */
    private static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
