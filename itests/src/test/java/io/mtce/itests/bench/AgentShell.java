package io.mtce.itests.bench;

import io.mtce.itests.MtceTestSupport;
import io.mtce.itests.RuntimeHome;
import java.util.List;

/**
 * The agent container's Gogo shell, asked one question at a time ({@link RuntimeHome#ask}): lock, unlock, and the
 * host's row of {@code mtce:hosts}.
 */
final class AgentShell {
    private static final long ANSWER_MS = 10_000;

    private final RuntimeHome agent;

    AgentShell(RuntimeHome agent) {
        this.agent = agent;
    }

    /** One host's row of {@code mtce:hosts}; an age is in ms, -1 for never. */
    record HostRow(String admin, String pending, long mgmtAgeMs, long clusterAgeMs) {
    }

    /** {@code mtce:lock NAME}; returns once the shell has answered, throws when the agent refused it. */
    void lock(String host) {
        change("mtce:lock " + host, host, "locked");
    }

    /** {@code mtce:unlock NAME}, as {@link #lock}. */
    void unlock(String host) {
        change("mtce:unlock " + host, host, "unlocked");
    }

    private void change(String command, String host, String admin) {
        List<String> answer = agent.ask(command, ANSWER_MS);
        HostRow row = parse(answer, host);
        if (row == null || !admin.equals(row.admin())) {
            throw new IllegalStateException(command + " not taken: " + answer);
        }
    }

    /** The host's row in a fresh answer to {@code mtce:hosts}, or null when there is none. */
    HostRow row(String host) {
        return parse(agent.ask("mtce:hosts", ANSWER_MS), host);
    }

    /** Until the agent has the last lock/unlock of {@code host} acknowledged. */
    void awaitNothingPending(String host, long timeoutMillis) throws InterruptedException {
        if (!MtceTestSupport.await(() -> {
            HostRow row = row(host);
            return row != null && "none".equals(row.pending());
        }, timeoutMillis)) {
            throw new IllegalStateException(host + ": lock/unlock not acknowledged in " + timeoutMillis + " ms: "
                    + row(host));
        }
    }

    /**
     * Until the agent has had an mtcAlive from {@code host} on both management and cluster-host since
     * {@code sinceNanos} (a {@link System#nanoTime()}): those networks carry traffic again.
     */
    void awaitHeardOnManagementAndClusterSince(String host, long sinceNanos, long timeoutMillis)
            throws InterruptedException {
        boolean heard = MtceTestSupport.await(() -> {
            long elapsedMs = (System.nanoTime() - sinceNanos) / 1_000_000; // taken before asking: the agent's is later
            HostRow row = row(host);
            return row != null && seenWithin(row.mgmtAgeMs(), elapsedMs) && seenWithin(row.clusterAgeMs(), elapsedMs);
        }, timeoutMillis);
        if (!heard) {
            throw new IllegalStateException(host + ": no mtcAlive on management and cluster-host in " + timeoutMillis
                    + " ms: " + row(host));
        }
    }

    /** An age shown to 0.1 s is at most 50 ms more than shown. */
    private static boolean seenWithin(long shownAgeMs, long elapsedMs) {
        return shownAgeMs >= 0 && shownAgeMs + 50 < elapsedMs;
    }

    /** Rows are HOST ADMIN PENDING REPORTED MGMNT CLSTR PXEBOOT ALARM, tab-separated; a network is "1.2s/0". */
    private static HostRow parse(List<String> lines, String host) {
        for (String line : lines) {
            String[] cols = line.split("\t");
            if (cols.length >= 8 && (cols[0].equals(host) || cols[0].endsWith(" " + host))) {
                return new HostRow(cols[1], cols[2], ageMs(cols[4]), ageMs(cols[5]));
            }
        }
        return null;
    }

    private static long ageMs(String column) {
        int slash = column.indexOf('/');
        if (slash < 1 || column.charAt(slash - 1) != 's') {
            return -1; // "never" or "-"
        }
        String seconds = column.substring(0, slash - 1).replace(',', '.'); // the container's locale may use a comma
        return Math.round(Double.parseDouble(seconds) * 1000);
    }
}
