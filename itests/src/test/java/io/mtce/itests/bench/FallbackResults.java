package io.mtce.itests.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The pxeboot fallback benchmark's figures: one raw line per measured lock, written as it is taken (so that an
 * interrupted run keeps what it measured), and the summary tables.
 */
final class FallbackResults implements AutoCloseable {
    static final String FALLBACK = "fallback";
    static final String CONTROL = "control";
    private static final double TARGET_MS = 1000;

    /** One measured lock. */
    record Sample(double filesMs, AgentLockTrace agent) {
    }

    private final Writer raw;
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    FallbackResults(Path rawFile) throws IOException {
        Files.createDirectories(rawFile.toAbsolutePath().getParent());
        raw = Files.newBufferedWriter(rawFile, StandardCharsets.UTF_8);
        raw.write("# case iteration files_ms agent_retry_ms agent_ack_ms ack_network"
                + " (agent_retry_ms -1: acked before any retry)\n");
        samples.put(FALLBACK, new ArrayList<>());
        samples.put(CONTROL, new ArrayList<>());
    }

    void add(String kase, int iteration, Sample s) throws IOException {
        samples.get(kase).add(s);
        raw.write(String.format(Locale.ROOT, "%s %d %.3f %d %d %s%n", kase, iteration, s.filesMs(),
                s.agent().retryMs(), s.agent().ackMs(), s.agent().ackNetwork()));
        raw.flush();
    }

    /** The tables: T0 to both files, the agent's view, the fallback's cost over the control, the verdict. */
    String tables() {
        StringBuilder out = new StringBuilder();
        out.append("T0 (just before mtce:lock is written to the agent's shell) -> both flag files present on the"
                + " client, ms\n\n");
        header(out);
        LatencyStats fallback = stats(FALLBACK, Sample::filesMs);
        LatencyStats control = stats(CONTROL, Sample::filesMs);
        out.append(String.format("| %-38s ", "fallback: mgmt + cluster-host down")).append(fallback.row())
                .append('\n');
        out.append(String.format("| %-38s ", "control: all networks up")).append(control.row()).append('\n');
        out.append(String.format(Locale.ROOT, "| %-38s |      | %8.2f | %8.2f | %8.2f | %8.2f |%n",
                "difference (fallback - control)", fallback.p50() - control.p50(), fallback.p99() - control.p99(),
                fallback.max() - control.max(), fallback.mean() - control.mean()));

        out.append("\nAgent log: 'administratively locked' -> 'locked msg ACK (network)', ms (log time stamps,"
                + " 1 ms resolution)\n\n");
        header(out);
        out.append(String.format("| %-38s ", "fallback: ack")).append(stats(FALLBACK, s -> s.agent().ackMs()).row())
                .append('\n');
        List<Sample> retried = samples.get(FALLBACK).stream().filter(s -> s.agent().retryMs() >= 0).toList();
        if (!retried.isEmpty()) {
            out.append(String.format("| %-38s ", "fallback: first retry (pxeboot too)"))
                    .append(LatencyStats.of(retried.stream().map(s -> (double) s.agent().retryMs()).toList()).row())
                    .append('\n');
        }
        out.append(String.format("| %-38s ", "control: ack")).append(stats(CONTROL, s -> s.agent().ackMs()).row())
                .append('\n');
        out.append("\nacks by network: fallback ").append(ackNetworks(FALLBACK)).append("; control ")
                .append(ackNetworks(CONTROL)).append('\n');

        long over = samples.get(FALLBACK).stream().filter(s -> s.filesMs() > TARGET_MS).count();
        out.append(String.format(Locale.ROOT, "target: fallback <= %.0f ms -> %s (max %.2f ms; %d of %d over)%n",
                TARGET_MS, over == 0 ? "met" : "MISSED", fallback.max(), over, fallback.n()));
        return out.toString();
    }

    private static void header(StringBuilder out) {
        out.append(String.format("| %-38s |    n |  p50 ms  |  p99 ms  |  max ms  |  mean ms |%n", "case"));
        out.append("|----------------------------------------|-----:|---------:|---------:|---------:|---------:|\n");
    }

    private LatencyStats stats(String kase, ToDoubleFunction<Sample> value) {
        return LatencyStats.of(samples.get(kase).stream().map(s -> value.applyAsDouble(s)).toList());
    }

    private String ackNetworks(String kase) {
        Map<String, Integer> counts = new TreeMap<>();
        samples.get(kase).forEach(s -> counts.merge(s.agent().ackNetwork(), 1, Integer::sum));
        return counts.toString();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
