package io.mtce.shell.internal;

import io.mtce.flags.NodeLockFlags;

/**
 * mtce:flags as one line: the files on disk, the state they are kept in, whether a change is still pending (its
 * write failed and the audit retries it), what is at a flag path that is not a flag file, and the last error.
 */
final class FlagsText {

    private FlagsText() {
    }

    static String of(NodeLockFlags flags) {
        var state = flags.state();
        var desired = flags.desired();
        StringBuilder line = new StringBuilder("state ").append(state).append("\tdesired ").append(desired);
        if (state != desired.expected()) {
            line.append("\tpending (the files are not ").append(desired.expected()).append(" yet ; retried)");
        }
        flags.anomalies().forEach(anomaly -> line.append("\tfound ").append(anomaly));
        flags.lastError().ifPresent(error -> line.append("\terror ").append(error));
        return line.toString();
    }
}
