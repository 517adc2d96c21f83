package io.mtce.agent.internal;

import static io.mtce.agent.internal.AgentHarness.WORKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A three-member etcd: one member lost changes nothing; without a quorum admin changes are refused, clearly. */
class EtcdQuorumTest {
    @TempDir
    Path dir;
    private List<EtcdServer> members = List.of();

    @AfterEach
    void stop() throws Exception {
        for (EtcdServer m : members) {
            m.close();
        }
    }

    @Test
    void oneMemberLostChangesNothingAndNoQuorumRefusesAdminChanges() throws Exception {
        members = EtcdServer.cluster(dir, 3);
        List<URI> endpoints = members.stream().map(m -> m.endpoint).toList();
        try (AgentHarness agent = new AgentHarness(AgentHarness.settings(dir), log -> new EtcdInventoryStore(
                new EtcdClient(endpoints, Duration.ofMillis(3000)), "/mtce/", null, log))) {
            agent.core.addHost(WORKER);
            agent.unlockAndAck(WORKER);

            members.get(0).close(); // the first endpoint, the one the client used so far
            agent.core.lock(WORKER.name());
            assertEquals(AdminState.LOCKED, agent.core.host(WORKER.name()).orElseThrow().adminState());
            agent.drain().forEach(sent -> {
                try {
                    agent.ack(sent);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            agent.sync();

            members.get(1).close(); // one member of three left: no quorum
            long start = System.nanoTime();
            AgentException e = assertThrows(AgentException.class, () -> agent.core.unlock(WORKER.name()));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(AgentException.Reason.STORAGE, e.reason());
            assertTrue(e.getMessage().contains("not confirmed by etcd") && e.getMessage().contains("no quorum"),
                    e.getMessage());
            assertEquals(AdminState.LOCKED, agent.core.host(WORKER.name()).orElseThrow().adminState(),
                    "nothing changed");
            assertTrue(agent.drain().isEmpty(), "nothing sent for a refused change");
            System.out.printf("quorum lost: unlock refused after %d ms: %s%n", tookMs, e.getMessage());
        }
    }
}
