package io.mtce.shell.internal;

import io.mtce.agent.AgentStatistics;
import io.mtce.agent.LatencyHistogram;
import java.util.TreeMap;

/**
 * The agent's statistics as two tab-separated lines: counters (with the acks that completed nothing), then handling
 * latency in microseconds.
 */
final class StatisticsText {
    private StatisticsText() {
    }

    static String of(AgentStatistics s, long duplicateAcks) {
        LatencyHistogram h = s.handling();
        return "since " + s.since() + "\treceived " + s.received() + "\thandled " + s.handled() + "\tsent " + s.sent()
                + "\trejected " + s.rejectedTotal() + (s.rejected().isEmpty() ? "" : " " + new TreeMap<>(s.rejected()))
                + "\tduplicate acks " + duplicateAcks
                + "\nhandling latency (us)\tp50 " + h.percentileMicros(50) + "\tp99 " + h.percentileMicros(99)
                + "\tp99.9 " + h.percentileMicros(99.9) + "\tmax " + h.maxMicros() + "\tn " + h.count();
    }
}
