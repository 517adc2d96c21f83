package io.mtce.agent.internal;

import io.mtce.agent.AgentStatistics;
import io.mtce.agent.LatencyHistogram;
import io.mtce.protocol.auth.RejectionCounts;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's receive-path counters. {@link #received} is called on the receive threads; {@link #handled} and
 * {@link #snapshot} only on the event loop, so the histogram needs no synchronization and costs two array writes.
 * The handling latency is measured on {@link System#nanoTime}, not on the agent's {@link TimeSource}: it reports how
 * long this machine took, which a clock that tests move by hand would not show.
 */
final class ReceiveStatistics {
    private final Instant since;
    private final LongAdder received = new LongAdder();
    // Event loop only.
    private final long[] buckets = new long[LatencyHistogram.BUCKETS];
    private long handled;
    private long maxMicros;

    ReceiveStatistics(Instant since) {
        this.since = since;
    }

    /** @return when the datagram was received, for {@link #handled} */
    long received() {
        received.increment();
        return System.nanoTime();
    }

    /** The message of a datagram {@link #received} at {@code receivedNanos} is handled now. */
    void handled(long receivedNanos) {
        long micros = TimeUnit.NANOSECONDS.toMicros(Math.max(0, System.nanoTime() - receivedNanos));
        buckets[LatencyHistogram.bucketOf(micros)]++;
        maxMicros = Math.max(maxMicros, micros);
        handled++;
    }

    AgentStatistics snapshot(RejectionCounts rejections, long sent) {
        return new AgentStatistics(since, received.sum(), handled, rejections.snapshot(), sent,
                LatencyHistogram.of(buckets, maxMicros));
    }
}
