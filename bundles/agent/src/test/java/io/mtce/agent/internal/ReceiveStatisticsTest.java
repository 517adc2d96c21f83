package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AgentStatistics;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.Rejection;
import io.mtce.testing.FakeTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiveStatisticsTest {
    @TempDir
    Path dir;

    @Test
    void countsWhatWasReceivedHandledRejectedAndSentAndTimesEveryHandledMessage() throws Exception {
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir))) {
            AgentStatistics start = agent.core.statistics();
            assertEquals(0, start.received());
            assertEquals(0, start.handled());
            assertEquals(0, start.handling().count());

            agent.core.addHost(WORKER); // locked
            agent.mtcAlive(WORKER, Network.MANAGEMENT, 1, false); // mismatch: LOCKED on all three networks
            agent.mtcAlive(WORKER, Network.CLUSTER_HOST, 1, false);
            agent.deliver(Network.MANAGEMENT, AgentHarness.ip("192.168.204.99"), new byte[] {1, 2, 3}); // stranger
            agent.deliver(Network.MANAGEMENT, AgentHarness.ip(WORKER.address(Network.MANAGEMENT)), new byte[7]);
            agent.sync();
            List<FakeTransport.Sent> sent = agent.drain();
            for (FakeTransport.Sent s : sent) {
                agent.ack(s);
            }
            agent.sync();

            AgentStatistics now = agent.core.statistics();
            assertEquals(4 + sent.size(), now.received());
            assertEquals(2 + sent.size(), now.handled(), "two mtcAlive and the acks");
            assertEquals(Map.of(Rejection.SOURCE, 1L, Rejection.MALFORMED, 1L), now.rejected());
            assertEquals(2, now.rejectedTotal());
            assertEquals(sent.size(), now.sent());
            assertEquals(3, sent.size(), "LOCKED on pxeboot, management and cluster-host");
            assertEquals(now.handled(), now.handling().count(), "one latency per handled message");
            assertTrue(now.handling().maxMicros() < 10_000_000, "handled within seconds");
            assertEquals(now.handling().count(), now.handling().minus(start.handling()).count());
        }
    }
}
