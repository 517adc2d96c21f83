package io.mtce.itests.bench;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import io.mtce.itests.bed.BedHost;
import io.mtce.itests.bed.NetnsBed;
import io.mtce.protocol.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Benchmark, not a test (run by the {@code bench} profile, see {@code bench/fallback.sh}): on the network-namespace
 * bed with one agent host and one client host, how long a lock takes to reach the client's flag files over the
 * pxeboot fallback, that is with the client's management and cluster-host links down, and, interleaved with it as
 * the control, with all networks up. Each iteration starts from all links up and the host unlocked with nothing
 * pending; the unlock that ends it is not timed.
 */
public class PxebootFallbackBench {
    private static final long CONVERGE_MS = 15_000;
    /** Distinct from the test bed's prefix, so that neither removes the other's namespaces. */
    private static final String NETNS_PREFIX = "mtcefb-";

    private static NetnsBed bed;
    private static BedHost agent;
    private static BedHost client;
    private static AgentShell shell;

    @BeforeClass
    public static void startBed() throws Exception {
        String reason = NetnsBed.unavailableReason();
        if (reason != null) {
            throw new IllegalStateException("the pxeboot fallback benchmark needs the network-namespace bed: "
                    + reason);
        }
        bed = NetnsBed.create(2, NETNS_PREFIX);
        agent = BedHost.agent(bed, RuntimeHome.copyOfBuiltHome(PxebootFallbackBench.class));
        agent.start();
        client = BedHost.client(bed, 1, RuntimeHome.copyOfBuiltHome(PxebootFallbackBench.class), false);
        client.start();
        shell = new AgentShell(agent.runtime());
        if (!MtceTestSupport.await(() -> agent.runtime().ask("mtce:hosts", 5_000).stream()
                .anyMatch(l -> l.contains("HOST\tADMIN")), 60_000)) {
            throw new IllegalStateException("agent shell not up in 60 s");
        }
        agent.runtime().ask(client.addCommand(), 10_000);
        // A newly added host is locked: the agent corrects the client, which then has both files.
        if (!MtceTestSupport.await(client::bothPresent, 60_000)) {
            throw new IllegalStateException(client.name() + " did not come up locked");
        }
        shell.awaitNothingPending(client.name(), CONVERGE_MS);
        unlockAndSettle();
    }

    @AfterClass
    public static void stopBed() {
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    public void lockOverPxebootFallbackAgainstAllNetworksUp() throws Exception {
        int iterations = Integer.getInteger("mtce.bench.iterations", 50);
        int warmup = Integer.getInteger("mtce.bench.warmup", 5);
        Path rawFile = Paths.get(System.getProperty("mtce.bench.raw", "target/bench/fallback-raw.txt"));
        Path summaryFile = Paths.get(System.getProperty("mtce.bench.summary", "target/bench/fallback.txt"));
        for (int i = 0; i < warmup; i++) {
            timedLock(true);
            timedLock(false);
        }
        String started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        String loadBefore = loadAverage();
        try (FallbackResults results = new FallbackResults(rawFile)) {
            for (int i = 1; i <= iterations; i++) {
                results.add(FallbackResults.FALLBACK, i, timedLock(true));
                results.add(FallbackResults.CONTROL, i, timedLock(false));
            }
            String summary = header(started, loadBefore, loadAverage(), iterations, warmup, rawFile)
                    + "\n" + results.tables() + "\n" + containerLogs();
            Files.createDirectories(summaryFile.toAbsolutePath().getParent());
            Files.writeString(summaryFile, summary, StandardCharsets.UTF_8);
            System.out.print(summary);
        }
    }

    /**
     * One lock of the client, timed from just before the command to both files present; with {@code fallback} its
     * management and cluster-host links are down for the lock. Ends unlocked with all links up (not timed).
     */
    private static FallbackResults.Sample timedLock(boolean fallback) throws Exception {
        if (!client.bothAbsent()) {
            throw new IllegalStateException(client.name() + " has a flag file before the lock");
        }
        if (fallback) {
            bed.linkDown(client.index(), Network.MANAGEMENT);
            bed.linkDown(client.index(), Network.CLUSTER_HOST);
        }
        int mark = agent.runtime().output().size();
        double filesMs;
        try (FlagFilesWatch watch = FlagFilesWatch.start(client)) {
            long t0 = System.nanoTime();
            shell.lock(client.name());
            filesMs = (watch.awaitBothPresent(CONVERGE_MS) - t0) / 1e6;
        }
        shell.awaitNothingPending(client.name(), CONVERGE_MS);
        AgentLockTrace trace = awaitAgentTrace(mark);
        if (fallback) {
            bed.linkUp(client.index(), Network.MANAGEMENT);
            bed.linkUp(client.index(), Network.CLUSTER_HOST);
            shell.awaitHeardOnManagementAndClusterSince(client.name(), System.nanoTime(), CONVERGE_MS);
        }
        unlockAndSettle();
        return new FallbackResults.Sample(filesMs, trace);
    }

    /** The ack line may reach the agent's console a moment after the shell reports nothing pending. */
    private static AgentLockTrace awaitAgentTrace(int mark) throws InterruptedException {
        MtceTestSupport.await(() -> agentTrace(mark) != null, 5_000);
        AgentLockTrace trace = agentTrace(mark);
        if (trace == null) {
            throw new IllegalStateException("no 'administratively locked' ... 'locked msg ACK' (or 'mtcAlive reports"
                    + " locked ... ; lock complete') in the agent's log");
        }
        return trace;
    }

    private static AgentLockTrace agentTrace(int mark) {
        List<String> out = agent.runtime().output();
        return AgentLockTrace.from(out.subList(mark, out.size()), client.name()).orElse(null);
    }

    private static void unlockAndSettle() throws InterruptedException {
        shell.unlock(client.name());
        if (!MtceTestSupport.await(client::bothAbsent, CONVERGE_MS)) {
            throw new IllegalStateException(client.name() + " still has a flag file " + CONVERGE_MS
                    + " ms after the unlock");
        }
        shell.awaitNothingPending(client.name(), CONVERGE_MS);
    }

    private static String header(String started, String loadBefore, String loadAfter, int iterations, int warmup,
            Path rawFile) throws IOException {
        Path jar = agent.runtime().home().resolve("lib/mtce.jar");
        return String.join("\n",
                "# pxeboot fallback benchmark (io.mtce.itests.bench.PxebootFallbackBench), started " + started,
                "# " + Runtime.getRuntime().availableProcessors() + " cores; load average before "
                        + loadBefore + ", after " + loadAfter,
                "# JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (driver and both containers), container flags: none; lib/mtce.jar of "
                        + Instant.ofEpochMilli(Files.getLastModifiedTime(jar).toMillis()),
                "# bed: agent controller-0 and client " + client.name() + " in their own network namespaces;"
                        + " the bed leaves the agent's retry.initial.ms at its default, 250 ms",
                "# " + iterations + " iterations, after " + warmup + " uncounted warm-up iteration(s); each iteration"
                        + " times one fallback lock (mgmt + cluster-host links of the client down) then one control"
                        + " lock (all up)",
                "# end signal: both files seen present by a java.nio WatchService (inotify) on their two"
                        + " directories, re-checked after every event",
                "# raw: " + rawFile,
                "");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Where each container's log is, and its WARN and ERROR lines (the first few). */
    private static String containerLogs() {
        StringBuilder out = new StringBuilder();
        for (BedHost host : List.of(agent, client)) {
            List<String> bad = host.runtime().output().stream()
                    .filter(l -> l.contains("[WARN]") || l.contains("[ERROR]")).toList();
            out.append("# ").append(host.name()).append(" log: ").append(host.runtime().home().resolve("console.log"))
                    .append(", ").append(bad.size()).append(" WARN/ERROR line(s)\n");
            bad.stream().limit(5).forEach(l -> out.append("#   ").append(l).append('\n'));
        }
        return out.toString();
    }
}
