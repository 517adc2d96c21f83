package io.mtce.itests.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's own account of one lock of one host, from its log (slf4j-simple, time stamps to the millisecond):
 * from "NAME administratively locked" (logged as the lock is taken, just before LOCKED goes out) to its first retry
 * and to its completion: "NAME locked msg ACK (NETWORK)", or "NAME mtcAlive reports locked (NETWORK) ; lock complete"
 * when the client's mtcAlive after the change comes before its ack.
 *
 * @param retryMs    ms to the first retry ("'Locked' notification not acknowledged ..."), -1 when there was none
 * @param ackMs      ms to the ack (or the mtcAlive) that completed the lock
 * @param ackNetwork the network it came on, as the agent names it (Mgmnt, Clstr, Pxeboot)
 */
record AgentLockTrace(long retryMs, long ackMs, String ackNetwork) {
    private static final Pattern LINE = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[INFO\\] \\S+ - (\\S+) (.*)");
    private static final Pattern ACK = Pattern.compile(
            "locked msg ACK \\((\\w+)\\)|mtcAlive reports locked \\((\\w+)\\) ; lock complete");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** Reads the lines the agent printed since the lock was asked for; empty until the ack is among them. */
    static Optional<AgentLockTrace> from(List<String> agentLines, String host) {
        LocalDateTime locked = null;
        LocalDateTime retry = null;
        for (String line : agentLines) {
            Matcher m = LINE.matcher(line);
            if (!m.find() || !m.group(2).equals(host)) {
                continue;
            }
            LocalDateTime at = LocalDateTime.parse(m.group(1), TIME);
            String what = m.group(3);
            Matcher ack = ACK.matcher(what);
            if (what.equals("administratively locked")) {
                locked = at;
            } else if (locked != null && retry == null && what.startsWith("'Locked' notification not acknowledged")) {
                retry = at;
            } else if (locked != null && ack.matches()) {
                return Optional.of(new AgentLockTrace(retry == null ? -1 : millis(locked, retry), millis(locked, at),
                        ack.group(1) != null ? ack.group(1) : ack.group(2)));
            }
        }
        return Optional.empty();
    }

    private static long millis(LocalDateTime from, LocalDateTime to) {
        return Duration.between(from, to).toMillis();
    }
}
