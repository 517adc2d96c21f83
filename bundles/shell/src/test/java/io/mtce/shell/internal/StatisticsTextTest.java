package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.agent.AgentStatistics;
import io.mtce.agent.LatencyHistogram;
import io.mtce.protocol.auth.Rejection;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsTextTest {

    @Test
    void countersThenLatencyWithRejectionsByReason() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[LatencyHistogram.bucketOf(5)] = 99;
        counts[LatencyHistogram.bucketOf(2000)] = 1;
        AgentStatistics s = new AgentStatistics(Instant.parse("2026-11-22T09:00:00Z"), 103, 100,
                Map.of(Rejection.SOURCE, 2L, Rejection.MALFORMED, 1L), 12, LatencyHistogram.of(counts, 2000));
        assertEquals("since 2026-11-22T09:00:00Z\treceived 103\thandled 100\tsent 12"
                + "\trejected 3 {SOURCE=2, MALFORMED=1}\tduplicate acks 4"
                + "\nhandling latency (us)\tp50 5\tp99 5\tp99.9 2000\tmax 2000\tn 100", StatisticsText.of(s, 4));
    }

    @Test
    void noRejectionsNoBraces() {
        AgentStatistics s = new AgentStatistics(Instant.EPOCH, 0, 0, Map.of(), 0, LatencyHistogram.empty());
        assertEquals("since 1970-01-01T00:00:00Z\treceived 0\thandled 0\tsent 0\trejected 0\tduplicate acks 0"
                + "\nhandling latency (us)\tp50 0\tp99 0\tp99.9 0\tmax 0\tn 0", StatisticsText.of(s, 0));
    }
}
