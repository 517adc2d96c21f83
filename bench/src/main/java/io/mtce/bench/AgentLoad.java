package io.mtce.bench;

import io.mtce.protocol.Command;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MessageView;
import io.mtce.protocol.MtcAlive;
import io.mtce.protocol.MtcAliveFlags;
import io.mtce.protocol.Network;
import io.mtce.protocol.internal.WireCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent scale load generator: N simulated hosts, each sending an mtcAlive every second to one agent, multiplexed
 * on a few UDP sockets (or, with {@code --per-host-sockets}, one socket bound to each host's own loopback address, so
 * that the agent's source allowlist can stay on). Half the hosts are administratively locked. Every second a few
 * hosts "lose" their flag files (report the opposite lock state); the agent must correct each with a LOCKED or
 * UNLOCKED command, which this program receives on the client port, obeys (the host reports the commanded state
 * from then on) and times from the first mismatching mtcAlive.
 *
 * <p>It reads the agent's own figures over its REST API ({@code /mtce/api/stats}) before and after: datagrams
 * received (so drops = sent − received) and the handling-latency histogram (the agent times each message from
 * delivery by the transport to the end of its handling). CPU and RSS come from /proc of the agent's PID, heap from
 * {@code jstat}, and the live heap after the window from a full GC through jcmd ({@code live_mb}), kernel UDP drops
 * from /proc/net/snmp of this network namespace. One CSV row per run.
 *
 * <p>Loopback only: every address it sends to or binds is a loopback address. {@code --write-seed} writes the
 * matching inventory seed for the agent and exits.
 */
public final class AgentLoad {
    private static final String MAC_PREFIX = "02:10:00";

    private final Options o;
    private final MessageCodec codec = new WireCodec();
    private final InetAddress[] addresses;
    private final boolean[] adminLocked;
    /** What each host reports now; flipped by the mismatch injector, set right by the agent's commands. */
    private final AtomicLongArray reportsLocked;
    /** When the first mtcAlive of a mismatch episode was sent (nanoTime), 0 when none is open. */
    private final AtomicLongArray mismatchSince;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong corrections = new AtomicLong();
    private final AtomicLong otherCommands = new AtomicLong();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final long[] rtt = new long[1 << 20];
    private final AtomicLong rttCount = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean running = true;

    private AgentLoad(Options o) throws IOException {
        this.o = o;
        this.addresses = new InetAddress[o.hosts];
        this.adminLocked = new boolean[o.hosts];
        this.reportsLocked = new AtomicLongArray(o.hosts);
        this.mismatchSince = new AtomicLongArray(o.hosts);
        for (int i = 0; i < o.hosts; i++) {
            addresses[i] = hostAddress(o.base, i);
            adminLocked[i] = i % 2 == 0;
            reportsLocked.set(i, adminLocked[i] ? 1 : 0);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        AgentLoad load = new AgentLoad(o);
        if (o.writeSeed != null) {
            load.writeSeed(o.writeSeed);
            return;
        }
        load.run();
    }

    // ---- hosts ----------------------------------------------------------------------------------------------------

    static String name(int i) {
        return String.format("load-%05d", i);
    }

    static String mac(int i) {
        return String.format("%s:%02x:%02x:%02x", MAC_PREFIX, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
    }

    /**
     * Host i's management address inside 127.0.0.0/8: from base upwards, .1 to .254 of each /24 (Java will not bind a
     * socket to an address ending in .255, so those and the .0s are skipped).
     */
    static InetAddress hostAddress(InetAddress base, int i) throws IOException {
        byte[] b = base.getAddress();
        int v = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff))
                + (i / 254) * 256 + i % 254 + 1;
        InetAddress a = InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8),
            (byte) v});
        if (!a.isLoopbackAddress()) {
            throw new IllegalArgumentException("host " + i + " would get " + a.getHostAddress()
                    + ", which is not a loopback address: choose a lower --base");
        }
        return a;
    }

    private static int indexOfMac(String mac) {
        if (mac == null || !mac.startsWith(MAC_PREFIX + ":") || mac.length() != 17) {
            return -1;
        }
        return Integer.parseInt(mac.substring(9).replace(":", ""), 16);
    }

    private void writeSeed(Path path) throws IOException {
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.US_ASCII)) {
            w.write("{\"version\":1,\"hosts\":[\n");
            for (int i = 0; i < o.hosts; i++) {
                w.write(String.format("{\"name\":\"%s\",\"mgmt_mac\":\"%s\",\"personality\":\"worker\","
                        + "\"admin_state\":\"%s\",\"addresses\":{\"management\":\"%s\"}}%s\n", name(i), mac(i),
                        adminLocked[i] ? "locked" : "unlocked", addresses[i].getHostAddress(),
                        i + 1 < o.hosts ? "," : ""));
            }
            w.write("]}\n");
        }
        System.out.println("wrote the inventory seed of " + o.hosts + " hosts to " + path);
    }

    // ---- run ------------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        String loadBefore = loadAverage();
        List<DatagramChannel> senders = openSenders();
        try (DatagramChannel commands = DatagramChannel.open(StandardProtocolFamily.INET)) {
            commands.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            commands.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), o.listenPort));
            Thread receiver = new Thread(() -> receive(commands), "load-commands");
            receiver.setDaemon(true);
            receiver.start();

            warmUp();
            AgentStats s0 = AgentStats.fetch(o.statsUrl);
            Map<String, Long> k0 = udpCounters();
            Thread sender = new Thread(() -> send(senders), "load-send");
            sender.start();
            Thread injector = new Thread(this::injectMismatches, "load-mismatch");
            injector.setDaemon(true);
            injector.start();

            sleepSeconds(o.warmupSeconds);
            AgentStats s1 = AgentStats.fetch(o.statsUrl);
            long cpu1 = cpuTicks(o.agentPid);
            long sent1 = sent.get();
            long t1 = System.nanoTime();
            maxLagNanos.set(0);
            Map<String, Long> k1 = udpCounters();
            measuring = true;
            HeapSampler heap = HeapSampler.start(o.agentPid);
            long rssMaxKb = 0;
            for (int s = 0; s < o.seconds; s++) {
                sleepSeconds(1);
                rssMaxKb = Math.max(rssMaxKb, rssKb(o.agentPid));
            }
            measuring = false;
            Map<String, Long> k2 = udpCounters();
            long t2 = System.nanoTime();
            long cpu2 = cpuTicks(o.agentPid);
            AgentStats s2 = AgentStats.fetch(o.statsUrl);
            long sent2 = sent.get();
            HeapSampler.Result heapResult = heap.stop();
            JvmHeap.Live live = JvmHeap.afterFullGc(o.agentPid); // after the window: the pause is not in it

            running = false;
            sender.join();
            AgentStats s3 = drained(s2);
            Map<String, Long> k3 = udpCounters();
            String loadAfter = loadAverage();

            double seconds = (t2 - t1) / 1e9;
            long totalSent = sent.get();
            long received = s3.received - s0.received;
            long drops = totalSent - received;
            long[] window = AgentStats.minus(s2.buckets, s1.buckets);
            long windowHandled = s2.handled - s1.handled;
            double cpuPct = 100.0 * (cpu2 - cpu1) / CLK_TCK / seconds;
            long[] rtts = Arrays.copyOf(rtt, (int) Math.min(rttCount.get(), rtt.length));
            Arrays.sort(rtts);

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", Instant.now().toString());
            row.put("hosts", o.hosts);
            row.put("mode", (o.perHostSockets ? "per-host-sockets" : "shared-sockets") + o.tag);
            row.put("sockets", senders.size());
            row.put("seconds", String.format(Locale.ROOT, "%.1f", seconds));
            row.put("load_before", loadBefore);
            row.put("load_after", loadAfter);
            row.put("sent", totalSent);
            row.put("send_errors", sendErrors.get());
            row.put("rate_per_s", String.format(Locale.ROOT, "%.0f", (sent2 - sent1) / seconds));
            row.put("agent_received", received);
            row.put("agent_rejected", s3.rejected - s0.rejected);
            row.put("drops", drops);
            row.put("kernel_rcvbuf_errors", delta(k0, k3, "RcvbufErrors"));
            row.put("window_rcvbuf_errors", delta(k1, k2, "RcvbufErrors"));
            row.put("kernel_in_errors", delta(k0, k3, "InErrors"));
            row.put("handled_in_window", windowHandled);
            row.put("cpu_pct", String.format(Locale.ROOT, "%.1f", cpuPct));
            row.put("heap_mb", String.format(Locale.ROOT, "%.1f", heapResult.maxUsedKb() / 1024.0));
            row.put("old_mb", String.format(Locale.ROOT, "%.1f", heapResult.maxOldKb() / 1024.0));
            row.put("heap_committed_mb", String.format(Locale.ROOT, "%.1f", heapResult.maxCommittedKb() / 1024.0));
            row.put("live_mb", String.format(Locale.ROOT, "%.1f", live.heapKb() / 1024.0));
            row.put("young_gcs", heapResult.youngGcs());
            row.put("full_gcs", heapResult.fullGcs());
            row.put("rss_mb", String.format(Locale.ROOT, "%.1f", rssMaxKb / 1024.0));
            row.put("p50_us", AgentStats.percentile(window, 50));
            row.put("p99_us", AgentStats.percentile(window, 99));
            row.put("p999_us", AgentStats.percentile(window, 99.9));
            row.put("max_us", AgentStats.percentile(window, 100));
            row.put("rtt_n", rtts.length);
            row.put("rtt_p50_us", nearestRank(rtts, 50));
            row.put("rtt_p99_us", nearestRank(rtts, 99));
            row.put("rtt_max_us", rtts.length == 0 ? 0 : rtts[rtts.length - 1]);
            row.put("corrections", corrections.get());
            row.put("other_commands", otherCommands.get());
            row.put("send_lag_max_us", TimeUnit.NANOSECONDS.toMicros(maxLagNanos.get()));
            report(row);
        } finally {
            for (DatagramChannel c : senders) {
                c.close();
            }
        }
    }

    private List<DatagramChannel> openSenders() throws IOException {
        int count = o.perHostSockets ? o.hosts : o.sockets;
        List<DatagramChannel> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
            InetAddress local = o.perHostSockets ? addresses[i] : InetAddress.getLoopbackAddress();
            try {
                c.bind(new InetSocketAddress(local, 0));
            } catch (IOException e) {
                c.close();
                throw new IOException("cannot bind sending socket " + (i + 1) + " of " + count + " to "
                        + local.getHostAddress() + ": " + e.getMessage(), e);
            }
            out.add(c);
        }
        return out;
    }

    /**
     * Paces hosts evenly over each second: host i sends at i/N s into every second. Sends that fall behind are sent
     * at once (and the lag is recorded), never skipped, so the offered load is exactly N per second on average.
     */
    private void send(List<DatagramChannel> senders) {
        InetSocketAddress agent = o.agent;
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / o.hosts;
        int[] sequence = new int[o.hosts];
        long next = 0; // index of the next send since start
        while (running) {
            long now = System.nanoTime();
            long due = (now - start) / intervalNanos + 1;
            while (next < due && running) {
                int host = (int) (next % o.hosts);
                long lag = now - (start + next * intervalNanos);
                if (measuring && lag > maxLagNanos.get()) {
                    maxLagNanos.set(lag);
                }
                boolean locked = reportsLocked.get(host) == 1;
                if (locked != adminLocked[host]) {
                    mismatchSince.compareAndSet(host, 0, System.nanoTime());
                }
                byte[] wire = mtcAlive(host, ++sequence[host], locked);
                DatagramChannel channel = senders.get(o.perHostSockets ? host : host % senders.size());
                try {
                    channel.send(ByteBuffer.wrap(wire), agent);
                    sent.incrementAndGet();
                } catch (IOException e) {
                    sendErrors.incrementAndGet();
                }
                next++;
            }
            LockSupport.parkNanos(Math.max(10_000L, start + next * intervalNanos - System.nanoTime()));
        }
    }

    /**
     * Compiles the encoding before the first send: a cold generator falls behind in its first second and then sends
     * what is overdue at once (twice the rate at 25,000 hosts), a burst no cluster sends, into an agent as cold.
     */
    private void warmUp() {
        long bytes = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; System.nanoTime() < end; i++) {
            bytes += mtcAlive(i % o.hosts, i, (i & 1) == 0).length;
        }
        if (bytes == 0) {
            throw new IllegalStateException("nothing encoded");
        }
    }

    private byte[] mtcAlive(int host, int sequence, boolean locked) {
        int flags = MtcAliveFlags.I_AM_CONFIGURED | MtcAliveFlags.I_AM_HEALTHY
                | (locked ? MtcAliveFlags.I_AM_LOCKED : 0);
        MtcAlive alive = new MtcAlive(name(host), "worker", "", addresses[host].getHostAddress(), "", mac(host),
                Network.MANAGEMENT, 1000 + sequence, MtcAliveFlags.HEALTH_HEALTHY, flags, sequence);
        return codec.encode(alive);
    }

    /** Every 100 ms, flips the reported state of random hosts that are in step: a file lost or planted by hand. */
    private void injectMismatches() {
        SplittableRandom random = new SplittableRandom(42);
        double perTick = o.mismatchRate * o.hosts / 10.0;
        double carry = 0;
        while (running) {
            LockSupport.parkNanos(100_000_000L);
            carry += perTick;
            for (; carry >= 1; carry--) {
                int host = random.nextInt(o.hosts);
                if (mismatchSince.get(host) == 0 && (reportsLocked.get(host) == 1) == adminLocked[host]) {
                    reportsLocked.set(host, adminLocked[host] ? 0 : 1);
                }
            }
        }
    }

    /** Commands from the agent: a correction ends its host's mismatch episode; the host obeys it. */
    private void receive(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        MessageView view = new MessageView();
        while (true) {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                System.err.println("receive failed: " + e.getMessage());
                return;
            }
            long now = System.nanoTime();
            buffer.flip();
            int host;
            int cmd;
            try {
                view.wrap(buffer);
                cmd = view.cmd();
                host = indexOfMac(view.mac());
            } catch (MalformedMessageException e) {
                System.err.println("malformed command from the agent: " + e.getMessage());
                continue;
            }
            if (host < 0 || host >= o.hosts || (cmd != Command.LOCKED && cmd != Command.UNLOCKED)) {
                otherCommands.incrementAndGet();
                continue;
            }
            boolean commandLocked = cmd == Command.LOCKED;
            long since = mismatchSince.get(host);
            if (since != 0 && commandLocked == adminLocked[host]) {
                reportsLocked.set(host, commandLocked ? 1 : 0);
                mismatchSince.set(host, 0);
                corrections.incrementAndGet();
                if (measuring) {
                    long n = rttCount.getAndIncrement();
                    if (n < rtt.length) {
                        rtt[(int) n] = TimeUnit.NANOSECONDS.toMicros(now - since);
                    }
                }
            } else {
                otherCommands.incrementAndGet(); // the locked-host refresh, or a duplicate correction
            }
        }
    }

    /** Waits until the agent's received count stops moving for 500 ms (at most 10 s): what is queued is in. */
    private AgentStats drained(AgentStats last) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            AgentStats now = AgentStats.fetch(o.statsUrl);
            if (now.received == last.received && now.handled == last.handled) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private void report(Map<String, Object> row) throws IOException {
        StringBuilder text = new StringBuilder();
        row.forEach((k, v) -> text.append(String.format("%-22s %s%n", k, v)));
        System.out.print(text);
        if (o.csv != null) {
            boolean fresh = !Files.exists(o.csv) || Files.size(o.csv) == 0;
            String line = (fresh ? String.join(",", row.keySet()) + "\n" : "")
                    + String.join(",", row.values().stream().map(String::valueOf).toList()) + "\n";
            Files.writeString(o.csv, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    // ---- /proc and tools ------------------------------------------------------------------------------------------

    private static final long CLK_TCK = 100; // USER_HZ on Linux

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** The Udp: counters of this network namespace. */
    private static Map<String, Long> udpCounters() throws IOException {
        List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:"))
                .toList();
        String[] names = udp.get(0).split("\\s+");
        String[] values = udp.get(1).split("\\s+");
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 1; i < names.length; i++) {
            out.put(names[i], Long.parseLong(values[i]));
        }
        return out;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static long nearestRank(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void sleepSeconds(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    /** {@code jstat -gc PID 1000} in the background: the largest heap used, old generation and committed heap. */
    private static final class HeapSampler {
        record Result(long maxUsedKb, long maxOldKb, long maxCommittedKb, long youngGcs, long fullGcs) {
        }

        private final Process process;
        private final Thread reader;
        private volatile Result result = new Result(0, 0, 0, 0, 0);

        private HeapSampler(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "load-jstat");
            reader.setDaemon(true);
            reader.start();
        }

        static HeapSampler start(long pid) throws IOException {
            return new HeapSampler(new ProcessBuilder("jstat", "-gc", Long.toString(pid), "1000")
                    .redirectErrorStream(true).start());
        }

        private void read() {
            try (InputStream in = process.getInputStream()) {
                String[] header = null;
                long firstYgc = -1;
                long firstFgc = -1;
                long used = 0;
                long old = 0;
                long committed = 0;
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) != -1) {
                    if (c != '\n') {
                        line.append((char) c);
                        continue;
                    }
                    String[] f = line.toString().trim().split("\\s+");
                    line.setLength(0);
                    if (f.length > 0 && f[0].equals("S0C")) {
                        header = f;
                        continue;
                    }
                    if (header == null || f.length != header.length) {
                        continue;
                    }
                    Map<String, Double> v = new LinkedHashMap<>();
                    for (int i = 0; i < f.length; i++) {
                        try {
                            v.put(header[i], Double.parseDouble(f[i]));
                        } catch (NumberFormatException e) {
                            v.put(header[i], 0.0);
                        }
                    }
                    used = Math.max(used, (long) (v.get("S0U") + v.get("S1U") + v.get("EU") + v.get("OU")));
                    old = Math.max(old, (long) (double) v.get("OU"));
                    committed = Math.max(committed, (long) (v.get("S0C") + v.get("S1C") + v.get("EC")
                            + v.get("OC")));
                    long ygc = (long) (double) v.get("YGC");
                    long fgc = (long) (double) v.get("FGC");
                    if (firstYgc < 0) {
                        firstYgc = ygc;
                        firstFgc = fgc;
                    }
                    result = new Result(used, old, committed, ygc - firstYgc, fgc - firstFgc);
                }
            } catch (IOException e) {
                System.err.println("jstat: " + e.getMessage());
            }
        }

        Result stop() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            reader.join(2000);
            return result;
        }
    }

    // ---- options --------------------------------------------------------------------------------------------------

    private static final class Options {
        int hosts = 1000;
        int seconds = 60;
        int warmupSeconds = 10;
        int sockets = 4;
        boolean perHostSockets;
        double mismatchRate = 0.001;
        InetSocketAddress agent = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2101);
        int listenPort = 2118;
        InetAddress base;
        String statsUrl = "http://127.0.0.1:8089/mtce/api/stats";
        long agentPid = -1;
        Path csv;
        Path writeSeed;
        String tag = "";

        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            o.base = InetAddress.getByName("127.16.0.0");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--hosts" -> o.hosts = positive(a, args[++i]);
                    case "--seconds" -> o.seconds = positive(a, args[++i]);
                    case "--warmup" -> o.warmupSeconds = Integer.parseInt(args[++i]);
                    case "--sockets" -> o.sockets = positive(a, args[++i]);
                    case "--per-host-sockets" -> o.perHostSockets = true;
                    case "--mismatch-rate" -> o.mismatchRate = Double.parseDouble(args[++i]);
                    case "--agent" -> o.agent = loopback(a, args[++i]);
                    case "--listen-port" -> o.listenPort = positive(a, args[++i]);
                    case "--base" -> o.base = InetAddress.getByName(args[++i]);
                    case "--stats-url" -> o.statsUrl = args[++i];
                    case "--agent-pid" -> o.agentPid = Long.parseLong(args[++i]);
                    case "--csv" -> o.csv = Path.of(args[++i]);
                    case "--write-seed" -> o.writeSeed = Path.of(args[++i]);
                    case "--tag" -> o.tag = "-" + args[++i];
                    default -> usage("unknown option " + a);
                }
            }
            if (!o.base.isLoopbackAddress() || o.base.getAddress()[3] != 0) {
                usage("--base " + o.base.getHostAddress() + " must be a loopback address ending in .0");
            }
            hostAddress(o.base, o.hosts - 1); // the last host must still be on loopback
            if (o.writeSeed == null && o.agentPid <= 0) {
                usage("--agent-pid is required (the agent's CPU and memory are read from /proc)");
            }
            return o;
        }

        private static int positive(String option, String value) {
            int v = Integer.parseInt(value);
            if (v <= 0) {
                usage(option + " must be > 0, got " + value);
            }
            return v;
        }

        private static InetSocketAddress loopback(String option, String value) throws IOException {
            int colon = value.lastIndexOf(':');
            InetAddress address = InetAddress.getByName(value.substring(0, colon));
            if (!address.isLoopbackAddress()) {
                usage(option + " " + value + " is not a loopback address");
            }
            return new InetSocketAddress(address, Integer.parseInt(value.substring(colon + 1)));
        }

        private static void usage(String problem) {
            System.err.println(problem);
            System.err.println("usage: AgentLoad --hosts N [--seconds 60] [--warmup 10] [--sockets 4 | "
                    + "--per-host-sockets] [--mismatch-rate 0.001] [--agent 127.0.0.1:2101] [--listen-port 2118] "
                    + "[--base 127.16.0.0] [--stats-url URL] --agent-pid PID [--csv FILE] "
                    + "[--tag T (mode column: MODE-T)]\n"
                    + "       AgentLoad --hosts N [--base 127.16.0.0] --write-seed FILE");
            System.exit(2);
        }
    }
}
