package io.mtce.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-system lock convergence and tamper correction against a running embedded-default container (run by
 * bench/convergence.sh, inside the container's private network namespace). All times are from just before the
 * action (REST POST on a kept-alive loopback connection, {@link LoopbackHttp}, or the hand-made delete/create) to
 * the moment the two node-locked files are in the target state <em>and</em> the client's change journal
 * ({@code .node_locked.intent}) is gone: the flags bundle removes the journal only once both files are durable (temp
 * write + fsync + rename + directory fsync each), so its removal marks the end of the fsyncs. {@code files_us} is
 * the earlier moment both files were in the target state, {@code post_us} when the POST was answered (the agent
 * answers once its inventory is durable and the command sent). Observed with a java.nio WatchService (inotify) on
 * the directories; the state is re-checked after every event. After each change, {@code known_us} is the time from
 * the files durable (wall clock, µs) to the arrival at the agent of the first mtcAlive after them ({@code lastSeen}
 * of the host's networks, the agent's wall clock, ms), read once the agent reports the commanded state (not
 * mismatched): a GET every 2 ms, whose timing does not count. Between changes, the {@link DurableFloor} runs once
 * (same file system, same kind of change), so the chain and its floor are measured under the same load. With a C
 * peer home (bench/convergence.sh compiles and starts itests' mtcpeer.c as the client "worker-1" with the same
 * durable recipe), its lock and unlock are measured the same way right after ours. The wait for {@code pending} to
 * be {@code none} between changes is not counted. Loopback only, bounded.
 */
public final class ConvergenceBench {
    private static final Pattern PENDING = Pattern.compile("\"pending\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern ADMIN = Pattern.compile("\"admin\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern REPORTED = Pattern.compile("\"reported\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern MISMATCHED = Pattern.compile("\"mismatched\"\\s*:\\s*(true|false)");
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Between the GETs that wait for the agent to know: not timed by them, so not a busy loop. */
    private static final long KNOWN_POLL_NS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final Pattern LAST_SEEN = Pattern.compile("\"lastSeen\"\\s*:\\s*\"([^\"]+)\"");
    /** The C peer's host, as bench/convergence.sh starts it. */
    static final String CPEER_HOST = "worker-1";
    private static final String CPEER_SPEC = "{\"name\":\"" + CPEER_HOST + "\",\"mgmtMac\":\"02:00:00:00:01:01\","
            + "\"personality\":\"worker\",\"addresses\":{\"management\":\"127.0.1.1\",\"cluster-host\":\"127.0.1.2\","
            + "\"pxeboot\":\"127.0.1.3\"}}";

    /** One client's host and files. */
    private record Client(String label, String hostUri, Path volatileFile, Path backupFile, Path journalFile) {
        static Client of(String label, String host, Path root) {
            return new Client(label, "/mtce/api/hosts/" + host,
                    root.resolve("var/run/.node_locked"), root.resolve("var/persist/mtc/.node_locked"),
                    root.resolve("var/persist/mtc/.node_locked.intent"));
        }
    }

    /** Columns of a raw row. */
    private static final int POST = 0;
    private static final int FILES = 1;
    private static final int DONE = 2;
    private static final int KNOWN = 3;

    private final LoopbackHttp http;
    private final Client ours;
    private final Client cpeer;
    private final DurableFloor floor;
    private final WatchService watcher;
    private final PrintWriter raw;
    private final Map<String, List<long[]>> results = new LinkedHashMap<>();
    private final List<long[]> floorSteps = new ArrayList<>();
    /** Of the last change: its start, and when the POST was answered and the files were right (since the start). */
    private long t0Ns;
    private long postNs;
    private long filesNs;
    /** Wall clock (µs since the epoch) when the last change was seen done. */
    private long doneWallMicros;

    private ConvergenceBench(String base, Path home, Path cpeerHome, PrintWriter raw) throws IOException {
        URI b = URI.create(base);
        if (!"127.0.0.1".equals(b.getHost()) && !"localhost".equals(b.getHost())) {
            throw new IllegalArgumentException(base + " is not loopback");
        }
        this.http = new LoopbackHttp(b.getHost(), b.getPort(), ApiAuth.authorization(home));
        this.ours = Client.of("", "controller-0", home.resolve("data"));
        this.cpeer = cpeerHome == null ? null : Client.of("cpeer-", CPEER_HOST, cpeerHome);
        Path inventory = home.resolve("data/agent/inventory.json");
        this.floor = new DurableFloor(home.resolve("data/floor"), Files.readAllBytes(inventory));
        this.raw = raw;
        this.watcher = FileSystems.getDefault().newWatchService();
        List<Client> clients = cpeer == null ? List.of(ours) : List.of(ours, cpeer);
        for (Client c : clients) {
            for (Path dir : List.of(c.volatileFile().getParent(), c.backupFile().getParent())) {
                Files.createDirectories(dir);
                // Files appear by rename or creation and go by unlink: no MODIFY, whose events (the temp files'
                // writes) would only wake this driver while the chain it times runs on the same two CPUs.
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 6) {
            System.err.println("usage: ConvergenceBench MTCE_HOME LOCK_ITERATIONS TAMPER_ITERATIONS WARMUP RAW_FILE"
                    + " [CPEER_HOME]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int tamper = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        Path cpeerHome = args.length == 6 ? Path.of(args[5]) : null;
        try (PrintWriter raw = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])), true)) {
            raw.println("# kind iteration post_us files_us done_us known_us (floor: inventory_us journal_us"
                    + " files_us total_us)");
            ConvergenceBench b = new ConvergenceBench("http://127.0.0.1:8089", home, cpeerHome, raw);
            b.run(n, tamper, warmup);
        }
    }

    private void run(int n, int tamper, int warmup) throws Exception {
        if (cpeer != null) {
            addCpeerHost();
        }
        for (Client c : cpeer == null ? List.of(ours) : List.of(ours, cpeer)) {
            awaitPendingNone(c);
            if ("locked".equals(field(ADMIN, get(c)))) {
                change(c, "unlock", false);
                awaitPendingNone(c);
            }
        }
        for (int i = 0; i < warmup; i++) { // JIT and page cache, not recorded
            for (boolean locked : new boolean[] {true, false}) {
                measure(ours, locked);
                floor.run(locked);
                if (cpeer != null) {
                    measure(cpeer, locked);
                }
            }
        }
        for (int i = 1; i <= n; i++) {
            for (boolean locked : new boolean[] {true, false}) {
                String kind = locked ? "lock" : "unlock";
                record(ours.label() + kind, i, measure(ours, locked));
                long total = floor.run(locked);
                long[] f = {floor.inventoryNs / 1000, floor.journalNs / 1000, floor.filesNs / 1000, total / 1000};
                floorSteps.add(f);
                raw.println("floor-" + kind + " " + i + " " + f[0] + " " + f[1] + " " + f[2] + " " + f[3]);
                results.computeIfAbsent("floor-" + kind, k -> new ArrayList<>())
                        .add(new long[] {0, f[3], f[3], 0});
                if (cpeer != null) {
                    record(cpeer.label() + kind, i, measure(cpeer, locked));
                }
            }
        }
        if (tamper > 0) {
            change(ours, "lock", true);
            awaitPendingNone(ours);
            for (int i = 1; i <= tamper; i++) {
                record("tamper-delete-volatile-locked", i, tamper(ours.volatileFile(), true));
                record("tamper-delete-backup-locked", i, tamper(ours.backupFile(), true));
            }
            change(ours, "unlock", false);
            awaitPendingNone(ours);
            for (int i = 1; i <= tamper; i++) {
                record("tamper-create-volatile-unlocked", i, tamper(ours.volatileFile(), false));
                record("tamper-create-backup-unlocked", i, tamper(ours.backupFile(), false));
            }
        }
        report();
        watcher.close();
    }

    /** One timed lock or unlock of a client: {post, files, done, known-after-done} in µs. */
    private long[] measure(Client c, boolean locked) throws Exception {
        long done = change(c, locked ? "lock" : "unlock", locked);
        long known = awaitAgentKnows(c, locked);
        long[] r = {postNs / 1000, filesNs / 1000, done / 1000, known};
        awaitPendingNone(c);
        return r;
    }

    private void record(String kind, int i, long[] r) {
        raw.println(kind + " " + i + " " + r[POST] + " " + r[FILES] + " " + r[DONE] + " " + r[KNOWN]);
        results.computeIfAbsent(kind, k -> new ArrayList<>()).add(r);
    }

    /** POSTs lock/unlock (retrying after a 409 once the previous change is acknowledged) and times convergence. */
    private long change(Client c, String op, boolean locked) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            drain();
            long t0 = System.nanoTime();
            LoopbackHttp.Reply r = http.post(c.hostUri() + "/" + op, null);
            postNs = System.nanoTime() - t0;
            if (r.status() == 409) {
                awaitPendingNone(c);
                continue;
            }
            if (r.status() / 100 != 2) {
                throw new IllegalStateException("POST " + op + " " + c.hostUri() + ": " + r.status() + " "
                        + r.body());
            }
            t0Ns = t0;
            return awaitState(c, locked, t0);
        }
        throw new IllegalStateException("POST " + op + " " + c.hostUri() + " refused (409) 50 times");
    }

    /** Deletes (locked) or creates (unlocked) one flag file by hand and times until both are right again. */
    private long[] tamper(Path file, boolean locked) throws Exception {
        awaitState(ours, locked, System.nanoTime()); // start from the settled state
        drain();
        long t0 = System.nanoTime();
        if (locked) {
            Files.delete(file);
        } else {
            Files.writeString(file, "tampered\n");
        }
        long done = awaitState(ours, locked, t0);
        return new long[] {0, filesNs / 1000, done / 1000, 0};
    }

    private static boolean filesRight(Client c, boolean locked) {
        return Files.exists(c.volatileFile()) == locked && Files.exists(c.backupFile()) == locked;
    }

    /** Waits, event by event, for both files in the target state and the journal gone; returns ns since t0. */
    private long awaitState(Client c, boolean locked, long t0) throws InterruptedException {
        long deadline = t0 + TIMEOUT_NS;
        filesNs = -1;
        while (true) {
            boolean files = filesRight(c, locked);
            long now = System.nanoTime();
            if (files && filesNs < 0) {
                filesNs = now - t0;
            }
            if (files && !Files.exists(c.journalFile())) {
                Instant wall = Instant.now();
                doneWallMicros = wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1000;
                return now - t0;
            }
            if (!files) {
                filesNs = -1; // not settled yet (e.g. the backup still being written)
            }
            if (now > deadline) {
                throw new IllegalStateException("no convergence of " + c.hostUri() + " to "
                        + (locked ? "locked" : "unlocked") + " in 10 s: volatile " + Files.exists(c.volatileFile())
                        + ", backup " + Files.exists(c.backupFile()) + ", journal " + Files.exists(c.journalFile()));
            }
            // Event driven; the 200 ms timeout is only a safety net against a missed event (never expected).
            WatchKey key = watcher.poll(200, TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
    }

    /**
     * GETs the host until the agent reports what the client's files say (reported = commanded, not mismatched);
     * returns µs from the files durable to the first mtcAlive the agent received after them (at least 0: the agent's
     * stamps are whole ms), or, when none is later, 0 (an earlier one already told it).
     */
    private long awaitAgentKnows(Client c, boolean locked) throws IOException, InterruptedException {
        String want = locked ? "locked" : "unlocked";
        long deadline = System.nanoTime() + TIMEOUT_NS;
        while (true) {
            String body = get(c);
            Matcher reported = REPORTED.matcher(body);
            if (reported.find() && want.equals(reported.group(1)) && "false".equals(field(MISMATCHED, body))) {
                long first = Long.MAX_VALUE;
                Matcher seen = LAST_SEEN.matcher(body);
                while (seen.find()) {
                    long micros = Instant.parse(seen.group(1)).toEpochMilli() * 1000;
                    if (micros >= doneWallMicros - 1000) { // the agent's stamp is truncated to the ms
                        first = Math.min(first, micros);
                    }
                }
                return first == Long.MAX_VALUE ? 0 : Math.max(0, first - doneWallMicros);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent does not report " + c.hostUri() + " " + want
                        + " 10 s after its files: " + body);
            }
            LockSupport.parkNanos(KNOWN_POLL_NS);
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

    private void addCpeerHost() throws IOException, InterruptedException {
        LoopbackHttp.Reply r = http.post("/mtce/api/hosts", CPEER_SPEC);
        if (r.status() != 201 && r.status() != 409) {
            throw new IllegalStateException("POST /mtce/api/hosts " + CPEER_SPEC + ": " + r.status() + " "
                    + r.body());
        }
    }

    private String get(Client c) throws IOException, InterruptedException {
        LoopbackHttp.Reply r = http.get(c.hostUri());
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + c.hostUri() + ": " + r.status() + " " + r.body());
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
    private void awaitPendingNone(Client c) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String body;
        while (!"none".equals(field(PENDING, body = get(c)))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pending not none after 20 s: " + body);
            }
            Thread.sleep(1);
        }
    }

    private void report() {
        System.out.println("# kind n | done_ms p50 p99 max mean | files_ms p50 p99 max mean");
        results.forEach(ConvergenceBench::summary);
        if (results.containsKey("lock")) {
            System.out.println("# the agent knows: ms from both files durable to the first mtcAlive the agent"
                    + " received after them (1 ms resolution) | p50 p99 max mean");
            for (String kind : List.of("lock", "unlock", "cpeer-lock", "cpeer-unlock")) {
                if (results.containsKey(kind)) {
                    System.out.printf(Locale.ROOT, "known-after-%-20s %5d | %s%n", kind, results.get(kind).size(),
                            stats(results.get(kind), KNOWN));
                }
            }
            System.out.println("# breakdown of lock / unlock p50 (ms): POST answered (REST, agent loop, inventory"
                    + " fsyncs, send) | POST to files right | files right to journal gone || floor steps p50:"
                    + " inventory | journal | flag files + journal unlink");
            for (String kind : List.of("lock", "unlock")) {
                List<long[]> rows = results.get(kind);
                long[] post = column(rows, r -> r[POST]);
                long[] toFiles = column(rows, r -> r[FILES] - r[POST]);
                long[] toDone = column(rows, r -> r[DONE] - r[FILES]);
                List<long[]> fl = new ArrayList<>();
                for (int i = kind.equals("lock") ? 0 : 1; i < floorSteps.size(); i += 2) {
                    fl.add(floorSteps.get(i));
                }
                System.out.printf(Locale.ROOT, "breakdown-%-22s | %7.2f %7.2f %7.2f || %7.2f %7.2f %7.2f%n", kind,
                        pct(post, 50) / 1000.0, pct(toFiles, 50) / 1000.0, pct(toDone, 50) / 1000.0,
                        pct(column(fl, r -> r[0]), 50) / 1000.0, pct(column(fl, r -> r[1]), 50) / 1000.0,
                        pct(column(fl, r -> r[2]), 50) / 1000.0);
            }
            System.out.println("# ratios of p50s (done)");
            for (String kind : List.of("lock", "unlock")) {
                double ourP50 = p50(kind);
                System.out.printf(Locale.ROOT, "ratio %-6s / floor %.2f (targets: <= 2.5; p99 %.2f ms <= 8)%n", kind,
                        ourP50 / p50("floor-" + kind), pct(column(results.get(kind), r -> r[DONE]), 99) / 1000.0);
                if (results.containsKey("cpeer-" + kind)) {
                    System.out.printf(Locale.ROOT, "ratio %-6s / C peer %.2f (target: <= 1.5)%n", kind,
                            ourP50 / p50("cpeer-" + kind));
                }
            }
        }
    }

    private double p50(String kind) {
        return pct(column(results.get(kind), r -> r[DONE]), 50);
    }

    private static long[] column(List<long[]> rows, ToLongFunction<long[]> f) {
        return rows.stream().mapToLong(f).sorted().toArray();
    }

    private static void summary(String kind, List<long[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-32s %5d | %s | %s%n", kind, rows.size(), stats(rows, DONE),
                stats(rows, FILES));
    }

    private static String stats(List<long[]> rows, int col) {
        long[] v = column(rows, r -> r[col]);
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
